package org.credentialcourier.console;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.credentialcourier.contact.AccountStatus;
import org.credentialcourier.contact.SupportedLocales;
import org.credentialcourier.invitation.InvitationStatus;
import org.credentialcourier.system.validation.NoControlCharactersValidator;
import org.credentialcourier.system.web.InvalidInputException;
import org.credentialcourier.tracking.PeopleFilter;
import org.credentialcourier.tracking.PeopleSort;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * The people directory's address, read once: the filter, the order and the page size as the request gave them,
 * checked (a value outside a list is a 400 page naming the parameter, never a 500), and the links that keep them:
 * a column's sort, another page, the export. The codes in the address are the ones people read on the page.
 */
final class PeopleRequest {

    static final int MAX_Q = 200;
    static final List<Integer> SIZES = List.of(25, 50, 100, 200);
    /** The statuses a latest invitation is filtered by: an active one shows as the account instead. */
    static final List<InvitationStatus> INVITATION_FILTERS = List.of(InvitationStatus.PENDING, InvitationStatus.FAILED,
            InvitationStatus.BOUNCED, InvitationStatus.EXPIRED, InvitationStatus.CANCELLED);

    /**
     * The parameters as they came, bound by Spring (a date or a number that does not parse is a 400 page); the
     * directory and its export take the same ones, the export ignoring size and page.
     */
    record Params(String q, String account, String invitation, String language,
                  @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                  @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                  String sort, String dir, Integer size, Integer page) {
    }

    final String q;
    final AccountStatus account;
    final InvitationStatus invitation;
    final String language;
    final LocalDate from;
    final LocalDate to;
    final PeopleSort sort;
    final int size;
    private final boolean sorted;
    private final ZoneId zone;

    /** {@code zone}: the admin's, in which the days of "added between" begin and end. */
    PeopleRequest(Params given, ZoneId zone) {
        this.zone = zone;
        this.q = search(given.q());
        this.account = code("account", given.account(), Arrays.asList(AccountStatus.values()), AccountStatus::code);
        this.invitation = code("invitation", given.invitation(), INVITATION_FILTERS, InvitationStatus::code);
        this.language = code("language", given.language(), SupportedLocales.TAGS, tag -> tag);
        if (given.from() != null && given.to() != null && given.to().isBefore(given.from())) {
            throw new InvalidInputException("to", "must not be before from");
        }
        this.from = given.from();
        this.to = given.to();
        this.sort = PeopleSort.parse(given.sort(), given.dir());
        this.sorted = given.sort() != null && !given.sort().isEmpty();
        if (given.size() != null && !SIZES.contains(given.size())) {
            throw new InvalidInputException("size", "must be one of " + SIZES);
        }
        this.size = given.size() == null ? SIZES.get(0) : given.size();
    }

    /** Whether the order was asked for (the links and the form then carry it). */
    boolean sorted() {
        return sorted;
    }

    /** The filter for the read model; days are whole days in the admin's zone. */
    PeopleFilter filter() {
        return new PeopleFilter(q, account, invitation, language,
                from == null ? null : from.atStartOfDay(zone).toInstant(),
                to == null ? null : to.plusDays(1).atStartOfDay(zone).toInstant());
    }

    /** Whether anything narrows the list (the page offers "Clear filters"). */
    boolean filtered() {
        return q != null || account != null || invitation != null || language != null || from != null || to != null;
    }

    /** This list's page {@code page} (1 is the first). */
    String page(int page) {
        return link("/admin/contacts", sorted ? sort : null, page);
    }

    /** The list sorted by {@code column}: the other way round when it is sorted by it already; back to page 1. */
    String sortedBy(PeopleSort.Column column) {
        boolean ascending = sort.column() == column ? !sort.ascending() : column != PeopleSort.Column.CREATED;
        return link("/admin/contacts", new PeopleSort(column, ascending), 1);
    }

    /** The export of the same filter in the same order. */
    String export() {
        return link("/admin/contacts/export.csv", sorted ? sort : null, 1);
    }

    /**
     * The filter, the order and the page size as form fields: the bulk form and its confirmation page send them back
     * as hidden fields, and they are checked again like the address is.
     */
    Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        UriComponentsBuilder.fromUriString(link("/admin/contacts", sorted ? sort : null, 1)).build().getQueryParams()
                .forEach((name, values) -> fields.put(name, UriUtils.decode(values.get(0), StandardCharsets.UTF_8)));
        return fields;
    }

    private String link(String path, PeopleSort order, int page) {
        UriComponentsBuilder link = UriComponentsBuilder.fromPath(path);
        add(link, "q", q);
        add(link, "account", account == null ? null : account.code());
        add(link, "invitation", invitation == null ? null : invitation.code());
        add(link, "language", language);
        add(link, "from", from == null ? null : from.toString());
        add(link, "to", to == null ? null : to.toString());
        if (order != null) {
            link.queryParam("sort", order.column().param()).queryParam("dir", order.dir());
        }
        if (size != SIZES.get(0) && !path.endsWith(".csv")) {
            link.queryParam("size", size);
        }
        if (page > 1) {
            link.queryParam("page", page);
        }
        return link.encode().build().toUriString();
    }

    private static void add(UriComponentsBuilder link, String name, String value) {
        if (value != null) {
            link.queryParam(name, value);
        }
    }

    /** A search as typed, stripped; null for none; too long or with control characters is a 400 naming {@code q}. */
    static String search(String q) {
        if (q == null || q.isBlank()) {
            return null;
        }
        if (q.length() > MAX_Q || !NoControlCharactersValidator.isClean(q)) {
            throw new InvalidInputException("q", "must be at most " + MAX_Q + " characters, without control characters");
        }
        return q.strip();
    }

    /** The value whose code is {@code given}; null for none or empty (the list's "any"). */
    static <T> T code(String parameter, String given, List<T> allowed,
                              Function<T, String> code) {
        if (given == null || given.isEmpty()) {
            return null;
        }
        return allowed.stream().filter(value -> code.apply(value).equals(given)).findFirst()
                .orElseThrow(() -> new InvalidInputException(parameter, "must be one of "
                        + String.join(", ", allowed.stream().map(code).toList()).toLowerCase(Locale.ROOT)));
    }
}

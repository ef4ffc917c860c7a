package org.credentialcourier.console;

import java.time.LocalDate;
import java.time.ZoneId;

import org.credentialcourier.system.validation.NoControlCharactersValidator;
import org.credentialcourier.system.web.InvalidInputException;
import org.credentialcourier.tracking.AuditFilter;
import org.credentialcourier.tracking.AuditTrail;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The audit page's address, read once and checked as the people directory's is (a value outside a list, a search too
 * long, a day that is no date: a 400 page naming the parameter), and the links that keep it: another page, the export.
 */
final class AuditRequest {

    /** Camunda's user ids, and the histories' actor column, are at most this long. */
    static final int MAX_ADMIN = 100;

    /** The parameters as they came, bound by Spring: a date or a number that does not parse is a 400 page. */
    record Params(String admin, String action, String q,
                  @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                  @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to, Integer page) {
    }

    final String admin;
    final String action;
    final String q;
    final LocalDate from;
    final LocalDate to;
    private final ZoneId zone;

    /** {@code zone}: the admin's, in which the days of "between" begin and end. */
    AuditRequest(Params given, ZoneId zone) {
        this.zone = zone;
        this.admin = admin(given.admin());
        this.action = PeopleRequest.code("action", given.action(), AuditTrail.ACTIONS, code -> code);
        this.q = PeopleRequest.search(given.q());
        if (given.from() != null && given.to() != null && given.to().isBefore(given.from())) {
            throw new InvalidInputException("to", "must not be before from");
        }
        this.from = given.from();
        this.to = given.to();
    }

    AuditFilter filter() {
        return new AuditFilter(admin, action, q, from == null ? null : from.atStartOfDay(zone).toInstant(),
                to == null ? null : to.plusDays(1).atStartOfDay(zone).toInstant());
    }

    boolean filtered() {
        return admin != null || action != null || q != null || from != null || to != null;
    }

    /** This filter's page {@code page} (1 is the first). */
    String page(int page) {
        return link("/admin/audit", page);
    }

    String export() {
        return link("/admin/audit/export.csv", 1);
    }

    private String link(String path, int page) {
        UriComponentsBuilder link = UriComponentsBuilder.fromPath(path);
        for (String[] parameter : new String[][] {{"admin", admin}, {"action", action}, {"q", q},
                {"from", from == null ? null : from.toString()}, {"to", to == null ? null : to.toString()}}) {
            if (parameter[1] != null) {
                link.queryParam(parameter[0], parameter[1]);
            }
        }
        if (page > 1) {
            link.queryParam("page", page);
        }
        return link.encode().build().toUriString();
    }

    private static String admin(String given) {
        if (given == null || given.isEmpty()) {
            return null;
        }
        if (given.length() > MAX_ADMIN || !NoControlCharactersValidator.isClean(given)) {
            throw new InvalidInputException("admin", "must be a user id of at most " + MAX_ADMIN
                    + " characters, without control characters");
        }
        return given;
    }
}

package org.credentialcourier.delivery;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.credentialcourier.delivery.Suppressions.Suppression;
import org.credentialcourier.mail.MailDomains;
import org.credentialcourier.mail.MailDomains.DomainCheck;
import org.credentialcourier.system.validation.DomainTypos;
import org.credentialcourier.system.validation.EmailAddress;
import org.credentialcourier.system.web.InvalidInputException;
import org.credentialcourier.system.web.WarningsNotAcceptedException;
import org.springframework.stereotype.Component;

/**
 * The one place an address is checked before a send (issue 16, docs/BOUNCES.md "Pre-send checks"): REST, the
 * console, Tasklist and every bulk dry run ask it, and none re-implements it.
 * <ul>
 *   <li>errors, which refuse the send: the address breaks the address rule ({@code invalid-address}), is on the
 *       suppression list ({@code suppressed}, with its reason and date), or, when DNS checks are on, its domain has a
 *       null MX ({@code null-mx}) or does not receive mail at all ({@code no-mail-domain});</li>
 *   <li>warnings, which the admin may accept: a likely typo of a common domain ({@code likely-typo}, with the
 *       suggested address) and a DNS lookup that failed ({@code dns-unknown}): a send is never refused for DNS
 *       trouble.</li>
 * </ul>
 */
@Component
public class PreSendChecks {

    public static final String INVALID_ADDRESS = "invalid-address";
    public static final String SUPPRESSED = "suppressed";
    public static final String NULL_MX = "null-mx";
    public static final String NO_MAIL_DOMAIN = "no-mail-domain";
    public static final String LIKELY_TYPO = "likely-typo";
    public static final String DNS_UNKNOWN = "dns-unknown";

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    public enum Severity { ERROR, WARNING }

    /** One thing found about an address; {@code suggestion} is an address the admin probably meant, or null. */
    public record Finding(Severity severity, String code, String message, String suggestion) {

        public boolean error() {
            return severity == Severity.ERROR;
        }
    }

    /** What the checks found about one address: nothing when it may be sent to as it is. */
    public record Result(String email, List<Finding> findings) {

        public List<Finding> errors() {
            return findings.stream().filter(Finding::error).toList();
        }

        public List<Finding> warnings() {
            return findings.stream().filter(finding -> !finding.error()).toList();
        }

        public Optional<Finding> firstError() {
            return findings.stream().filter(Finding::error).findFirst();
        }

        public boolean clean() {
            return findings.isEmpty();
        }
    }

    private final Suppressions suppressions;
    private final MailDomains domains;

    public PreSendChecks(Suppressions suppressions, MailDomains domains) {
        this.suppressions = suppressions;
        this.domains = domains;
    }

    /** Whether the domains are looked up (courier.presend.dns.enabled). */
    public boolean dnsEnabled() {
        return domains.enabled();
    }

    public Result check(String email) {
        return check(email, new HashMap<>());
    }

    /**
     * The checks of one address; {@code domainsSeen} keeps the DNS verdicts of one request (a bulk run of a thousand
     * rows at one domain asks once, even when the answer was a failure that the cache does not keep).
     */
    public Result check(String email, Map<String, DomainCheck> domainsSeen) {
        String problem = EmailAddress.problem(email);
        if (problem != null) {
            return new Result(EmailAddress.shown(email), List.of(new Finding(Severity.ERROR, INVALID_ADDRESS,
                    "The address " + problem + ".", null)));
        }
        String address = email.strip();
        String domain = address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        List<Finding> findings = new ArrayList<>();
        suppressions.find(address).ifPresent(suppression -> findings.add(suppressed(suppression)));
        String suggestion = DomainTypos.suggestAddress(address).orElse(null);
        DomainCheck dns = domainsSeen.computeIfAbsent(domain, domains::check);
        String didYouMean = suggestion == null ? "" : " Did you mean " + suggestion + "?";
        switch (dns.verdict()) {
            case NULL_MX -> findings.add(new Finding(Severity.ERROR, NULL_MX, domain
                    + " accepts no mail: its DNS publishes a null MX (RFC 7505)." + didYouMean, suggestion));
            case NO_MAIL_DOMAIN -> findings.add(new Finding(Severity.ERROR, NO_MAIL_DOMAIN, domain
                    + " receives no mail: " + dns.detail() + "." + didYouMean, suggestion));
            case UNKNOWN -> findings.add(new Finding(Severity.WARNING, DNS_UNKNOWN, "Whether " + domain
                    + " receives mail is unknown (" + dns.detail() + "): the email may not arrive.", null));
            default -> {
            }
        }
        if (suggestion != null && findings.stream().noneMatch(f -> suggestion.equals(f.suggestion()))) {
            findings.add(new Finding(Severity.WARNING, LIKELY_TYPO, "Did you mean " + suggestion + "?", suggestion));
        }
        return new Result(address, List.copyOf(findings));
    }

    /**
     * The checks as a door asks them before one send: an error refuses it naming {@code field}
     * ({@link InvalidInputException}, 400); warnings refuse it ({@link WarningsNotAcceptedException}, 422) unless the
     * admin accepted them.
     */
    public Result require(String email, String field, boolean acceptWarnings) {
        Result result = check(email);
        result.firstError().ifPresent(error -> {
            throw new InvalidInputException(field, "is refused: " + error.message());
        });
        if (!acceptWarnings && !result.warnings().isEmpty()) {
            throw new WarningsNotAcceptedException(field, result.warnings().stream()
                    .map(w -> new WarningsNotAcceptedException.Warning(w.code(), w.message(), w.suggestion()))
                    .toList());
        }
        return result;
    }

    private static Finding suppressed(Suppression suppression) {
        return new Finding(Severity.ERROR, SUPPRESSED, suppression.email() + " is on the suppression list since "
                + DAY.format(suppression.since()) + " (" + suppression.kind() + ": " + suppression.reason()
                + "): lift it in the console, or correct the address.", null);
    }
}

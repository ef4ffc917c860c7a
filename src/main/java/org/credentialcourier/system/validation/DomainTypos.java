package org.credentialcourier.system.validation;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Likely typos of the common mail domains ({@code gmial.com}, {@code hotmial.com}, {@code yahooo.com},
 * {@code gmail.con}) and of the generic top-level domains ({@code acme.cmo}): a suggestion the admin may take or
 * leave, never a refusal. Pure and without a network, so that each rule is a line of {@code DomainTyposTest}.
 *
 * <p>The rules, in order, each cautious, since a wrong "did you mean" on a company's own domain is worse than none:
 * <ol>
 *   <li>a known provider domain, or a real domain that only looks like one ({@code email.com}, {@code cloud.com}), is
 *       never corrected;</li>
 *   <li>a top-level domain that is no TLD at all but a slip of {@code com}, {@code net} or {@code org}
 *       ({@code .con}, {@code .cmo}, {@code .ocm}, {@code .nte}, {@code .ogr}) is corrected on any domain;</li>
 *   <li>a provider's exact name under a TLD one edit away from its generic TLD ({@code gmail.co}, {@code gmail.cm})
 *       becomes the provider's domain; real country TLDs are left alone on other names ({@code acme.co} stays);</li>
 *   <li>a name one edit (insertion, deletion, substitution or transposition of neighbours: the optimal string
 *       alignment distance) from a provider's name of five letters or more, under that provider's TLD, becomes the
 *       provider's domain. Shorter provider names ({@code aol}, {@code gmx}, {@code msn}) have too many real
 *       neighbours ({@code aon.com}) and are matched only exactly; two providers equally near give no suggestion.</li>
 * </ol>
 */
public final class DomainTypos {

    /** The mail domains most addresses of members use; a typo of one of them is what this class finds. */
    static final Set<String> PROVIDERS = Set.of(
            "gmail.com", "googlemail.com", "yahoo.com", "ymail.com", "rocketmail.com", "yahoo.co.uk", "yahoo.de",
            "yahoo.fr", "yahoo.es", "yahoo.it", "yahoo.co.jp", "hotmail.com", "hotmail.co.uk", "hotmail.de",
            "hotmail.fr", "hotmail.it", "hotmail.es", "outlook.com", "outlook.de", "outlook.fr", "live.com",
            "live.co.uk", "live.de", "live.fr", "msn.com", "icloud.com", "me.com", "mac.com", "aol.com", "gmx.de",
            "gmx.net", "gmx.com", "gmx.at", "gmx.ch", "web.de", "t-online.de", "freenet.de", "posteo.de",
            "mailbox.org", "proton.me", "protonmail.com", "protonmail.ch", "pm.me", "tutanota.com", "fastmail.com",
            "zoho.com", "yandex.ru", "yandex.com", "mail.ru", "orange.fr", "free.fr", "laposte.net", "sfr.fr",
            "wanadoo.fr", "libero.it", "virgilio.it", "bluewin.ch", "comcast.net", "verizon.net", "att.net",
            "sbcglobal.net", "qq.com", "163.com", "naver.com");

    /** Real domains one slip from a provider's: a company's own domain must never be "corrected". */
    static final Set<String> LOOK_ALIKES = Set.of("email.com", "mail.com", "cloud.com", "hotmart.com",
            "outlook.org", "yahoo.net", "icloud.net", "live.net", "aon.com", "gmc.com", "mac.org");

    /** Top-level domains that do not exist and are slips of com, net or org. */
    private static final Map<String, String> TLD_SLIPS = Map.ofEntries(
            Map.entry("con", "com"), Map.entry("cmo", "com"), Map.entry("ocm", "com"), Map.entry("vom", "com"),
            Map.entry("xom", "com"), Map.entry("cpm", "com"), Map.entry("cim", "com"), Map.entry("comm", "com"),
            Map.entry("coom", "com"), Map.entry("c0m", "com"), Map.entry("cok", "com"), Map.entry("clm", "com"),
            Map.entry("nte", "net"), Map.entry("nett", "net"), Map.entry("ney", "net"), Map.entry("bet", "net"),
            Map.entry("ogr", "org"), Map.entry("rog", "org"), Map.entry("orgg", "org"), Map.entry("prg", "org"),
            Map.entry("otg", "org"));

    /** The generic TLDs a provider's exact name may be misspelt under ({@code gmail.co}, {@code hotmail.cm}). */
    private static final Set<String> GENERIC = Set.of("com", "net", "org");

    private static final int MIN_FUZZY_NAME = 5;

    private DomainTypos() {
    }

    /** The domain the admin probably meant, or empty when {@code domain} is known, unrelated or no domain at all. */
    public static Optional<String> suggest(String domain) {
        if (domain == null || domain.isBlank() || domain.length() > EmailAddress.MAX_LENGTH) {
            return Optional.empty();
        }
        String given = domain.strip().toLowerCase(Locale.ROOT);
        if (given.endsWith(".")) {
            given = given.substring(0, given.length() - 1);
        }
        if (PROVIDERS.contains(given) || LOOK_ALIKES.contains(given)) {
            return Optional.empty();
        }
        Split split = Split.of(given);
        if (split == null) {
            return Optional.empty();
        }
        String tld = TLD_SLIPS.getOrDefault(split.tld(), split.tld());
        String candidate = split.name() + "." + tld;
        Optional<String> provider = nearestProvider(split.name(), tld);
        if (provider.isPresent()) {
            return provider;
        }
        if (!tld.equals(split.tld()) && !LOOK_ALIKES.contains(candidate)) {
            return Optional.of(candidate);
        }
        return providerUnderGenericSlip(split);
    }

    /** The address with its domain as {@link #suggest} has it, or empty. */
    public static Optional<String> suggestAddress(String email) {
        if (email == null) {
            return Optional.empty();
        }
        String address = email.strip();
        int at = address.lastIndexOf('@');
        if (at <= 0) {
            return Optional.empty();
        }
        return suggest(address.substring(at + 1)).map(domain -> address.substring(0, at + 1) + domain);
    }

    /** The provider whose name is {@code name} or one edit from it (when long enough) under {@code tld}. */
    private static Optional<String> nearestProvider(String name, String tld) {
        String best = null;
        boolean tie = false;
        int bestDistance = Integer.MAX_VALUE;
        for (String provider : PROVIDERS) {
            Split known = Split.of(provider);
            if (!known.tld().equals(tld) || name.contains(".")) {
                continue;
            }
            int distance = known.name().equals(name) ? 0
                    : known.name().length() >= MIN_FUZZY_NAME && name.length() >= MIN_FUZZY_NAME - 1
                    ? distance(name, known.name(), 1) : Integer.MAX_VALUE;
            if (distance > 1) {
                continue;
            }
            if (distance < bestDistance) {
                best = provider;
                bestDistance = distance;
                tie = false;
            } else if (distance == bestDistance) {
                tie = true;
            }
        }
        if (best == null || tie || LOOK_ALIKES.contains(name + "." + tld)) {
            return Optional.empty();
        }
        return Optional.of(best);
    }

    /** {@code gmail.co}, {@code gmail.cm}, {@code gmail.comm}: a provider's exact name, its generic TLD mistyped. */
    private static Optional<String> providerUnderGenericSlip(Split split) {
        String found = null;
        for (String provider : PROVIDERS) {
            Split known = Split.of(provider);
            if (known.name().equals(split.name()) && GENERIC.contains(known.tld())
                    && distance(split.tld(), known.tld(), 1) == 1) {
                if (found != null) {
                    return Optional.empty();
                }
                found = provider;
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * The optimal string alignment distance (Damerau-Levenshtein without edits of a transposed pair): the number of
     * insertions, deletions, substitutions and transpositions of neighbours turning {@code a} into {@code b}. Any
     * distance above {@code limit} is reported as {@code limit + 1}, which keeps a long input cheap.
     */
    static int distance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) > limit) {
            return limit + 1;
        }
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int rowMin = Integer.MAX_VALUE;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int value = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    value = Math.min(value, d[i - 2][j - 2] + 1);
                }
                d[i][j] = value;
                rowMin = Math.min(rowMin, value);
            }
            if (rowMin > limit) {
                return limit + 1;
            }
        }
        return Math.min(d[a.length()][b.length()], limit + 1);
    }

    /**
     * A domain as name and top-level domain; a two-letter country TLD after {@code co}, {@code com} or {@code org}
     * ({@code yahoo.co.uk}) counts as one TLD. Null for a domain of one label.
     */
    private record Split(String name, String tld) {

        static Split of(String domain) {
            int last = domain.lastIndexOf('.');
            if (last <= 0 || last == domain.length() - 1) {
                return null;
            }
            int before = domain.lastIndexOf('.', last - 1);
            String second = domain.substring(before + 1, last);
            if (before > 0 && domain.length() - last - 1 == 2 && Set.of("co", "com", "org").contains(second)) {
                return new Split(domain.substring(0, before), domain.substring(before + 1));
            }
            return new Split(domain.substring(0, last), domain.substring(last + 1));
        }
    }
}

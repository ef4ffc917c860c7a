package org.credentialcourier.delivery;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.credentialcourier.system.CourierProperties;
import org.springframework.stereotype.Component;

/**
 * How one attempt is named outside Courier, so that a bounce or a provider's event finds it again: its Message-ID
 * {@code <delivery.attempt@host>} and, with {@code courier.bounces.verp-address} set, its VERP envelope sender
 * {@code bounces+delivery.attempt@domain}. Both carry the same token: the delivery's instance id (a random UUID, so
 * nobody guesses another attempt's token) and the attempt's number.
 */
@Component
public class AttemptAddresses {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9-]{1,64}\\.[0-9]{1,6}");

    private final String messageIdDomain;
    private final String verpLocal;
    private final String verpDomain;

    public AttemptAddresses(CourierProperties properties, VerpProperties verp) {
        this.messageIdDomain = properties.publicBaseUrl().getHost() == null ? "credential-courier"
                : properties.publicBaseUrl().getHost();
        if (verp.enabled()) {
            String address = verp.verpAddress().trim();
            int at = address.lastIndexOf('@');
            this.verpLocal = address.substring(0, at);
            this.verpDomain = address.substring(at + 1);
        } else {
            this.verpLocal = null;
            this.verpDomain = null;
        }
    }

    public String messageId(String deliveryId, int attempt) {
        return "<" + token(deliveryId, attempt) + "@" + messageIdDomain + ">";
    }

    /** The envelope sender of the attempt, or null when VERP is off (the From address is used). */
    public String envelopeFrom(String deliveryId, int attempt) {
        return verpLocal == null ? null : verpLocal + "+" + token(deliveryId, attempt) + "@" + verpDomain;
    }

    /**
     * The Message-ID of the attempt that a bounce sent to {@code address} is about: the address must be this
     * application's VERP form ({@code bounces+token@domain}, in any case); empty for any other address.
     */
    public Optional<String> messageIdOfVerp(String address) {
        if (verpLocal == null || address == null) {
            return Optional.empty();
        }
        String bare = address.strip();
        if (bare.startsWith("<") && bare.endsWith(">")) {
            bare = bare.substring(1, bare.length() - 1);
        }
        String prefix = (verpLocal + "+").toLowerCase(Locale.ROOT);
        String suffix = ("@" + verpDomain).toLowerCase(Locale.ROOT);
        String lower = bare.toLowerCase(Locale.ROOT);
        if (!lower.startsWith(prefix) || !lower.endsWith(suffix) || lower.length() <= prefix.length() + suffix.length()) {
            return Optional.empty();
        }
        String token = bare.substring(prefix.length(), bare.length() - suffix.length());
        Matcher matcher = TOKEN.matcher(token);
        return matcher.matches() ? Optional.of("<" + token + "@" + messageIdDomain + ">") : Optional.empty();
    }

    private static String token(String deliveryId, int attempt) {
        return deliveryId + "." + attempt;
    }
}

package org.credentialcourier.bounce.webhook;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

/**
 * The addresses SNS names in its messages, reached only when they match {@code courier.webhooks.ses.
 * certificate-url-pattern} (AWS's: https on {@code sns.<region>.amazonaws.com}): the signing certificate (fetched
 * once per address and kept, at most {@value #MAX_CACHED} of them) and a subscription's confirmation address. No
 * redirect is followed, answers are read up to {@value #MAX_ANSWER} bytes, and every call times out.
 */
@Component
class SnsEndpoints {

    private static final int MAX_CACHED = 32;
    private static final int MAX_ANSWER = 64 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Pattern allowed;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final Map<String, X509Certificate> certificates = new ConcurrentHashMap<>();

    SnsEndpoints(WebhookProperties properties, Clock clock) {
        this.allowed = Pattern.compile(properties.ses().certificateUrlPattern());
        this.clock = clock;
    }

    /** True when SNS may send Courier there: the whole address matches the pattern. */
    boolean allowed(String url) {
        if (url == null || url.length() > 2000) {
            return false;
        }
        try {
            URI uri = new URI(url);
            return uri.getRawUserInfo() == null && uri.getHost() != null && allowed.matcher(url).matches();
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** The signing certificate at {@code url} (an allowed address), valid now; fetched once. */
    X509Certificate certificate(String url) throws WebhookRefused {
        X509Certificate certificate = certificates.get(url);
        if (certificate == null) {
            certificate = parse(get(url));
            if (certificates.size() >= MAX_CACHED) {
                certificates.clear();
            }
            certificates.put(url, certificate);
        }
        try {
            certificate.checkValidity(Date.from(clock.instant()));
        } catch (CertificateException expired) {
            certificates.remove(url);
            throw WebhookRefused.forbidden("the SNS signing certificate is not valid now");
        }
        return certificate;
    }

    /** Confirms a subscription by visiting its address (an allowed one). */
    void confirm(String subscribeUrl) throws WebhookRefused {
        get(subscribeUrl);
    }

    private byte[] get(String url) throws WebhookRefused {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build();
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() / 100 != 2) {
                    throw WebhookRefused.forbidden("SNS answered " + response.statusCode() + " at the address it named");
                }
                byte[] answer = in.readNBytes(MAX_ANSWER + 1);
                if (answer.length > MAX_ANSWER) {
                    throw WebhookRefused.forbidden("SNS's answer at the address it named is too large");
                }
                return answer;
            }
        } catch (IOException e) {
            throw new Unreachable(URI.create(url).getHost() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted");
        }
    }

    /** SNS's address did not answer: nothing was changed, and SNS tries again later. */
    static final class Unreachable extends RuntimeException {
        Unreachable(String why) {
            super(why, null, false, false);
        }
    }

    private static X509Certificate parse(byte[] pem) throws WebhookRefused {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem));
        } catch (CertificateException | ClassCastException e) {
            throw WebhookRefused.forbidden("the SNS signing certificate cannot be read");
        }
    }
}

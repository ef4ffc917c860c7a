package org.credentialcourier.support;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * The providers' keys and credentials of the webhook tests, generated once per test run: SendGrid's P-256 key pair
 * (the public half in the settings, as SendGrid shows it), a Mailgun signing key, a Postmark password (its SHA-256 in
 * the settings). Registered in META-INF/spring.factories, so the one test context has them from its start.
 */
public class WebhookTestKeys implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final KeyPair SENDGRID;
    public static final String MAILGUN_SIGNING_KEY;
    public static final String POSTMARK_USER = "postmark-test";
    public static final String POSTMARK_PASSWORD;

    static {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            SENDGRID = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
        SecureRandom random = new SecureRandom();
        byte[] key = new byte[24];
        random.nextBytes(key);
        MAILGUN_SIGNING_KEY = "key-" + HexFormat.of().formatHex(key);
        random.nextBytes(key);
        POSTMARK_PASSWORD = Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        try {
            String passwordHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(POSTMARK_PASSWORD.getBytes(StandardCharsets.UTF_8)));
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("webhook-test-keys", Map.of(
                    "courier.webhooks.sendgrid.public-key",
                    Base64.getEncoder().encodeToString(SENDGRID.getPublic().getEncoded()),
                    "courier.webhooks.mailgun.signing-key", MAILGUN_SIGNING_KEY,
                    "courier.webhooks.postmark.password-sha256", passwordHash)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

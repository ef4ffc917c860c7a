package org.credentialcourier.credential;

import java.util.Map;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Password hashes: Argon2id with OWASP's advice (19 MiB, 2 iterations, 1 lane, 16-byte salt, 32-byte hash). Hashes
 * carry their algorithm ({@code {argon2}...}) so older ones can be recognised and upgraded.
 */
@Component
public class PasswordHasher {

    private static final String CURRENT = "argon2";

    private final DelegatingPasswordEncoder encoder = new DelegatingPasswordEncoder(CURRENT, Map.<String, PasswordEncoder>of(
            CURRENT, new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2),
            "bcrypt", new BCryptPasswordEncoder(12)));

    public String hash(CharSequence password) {
        return encoder.encode(password);
    }

    public boolean matches(CharSequence password, String hash) {
        return encoder.matches(password, hash);
    }

    public boolean needsUpgrade(String hash) {
        return encoder.upgradeEncoding(hash);
    }
}

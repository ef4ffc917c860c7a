package org.credentialcourier.credential;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of a high-entropy token. A fast digest is right here: a token of 256 random bits cannot be guessed from its
 * hash, and lookups by hash need no per-row salt. Passwords, which people choose, use {@link PasswordHasher}.
 */
public final class SecretDigest {

    private SecretDigest() {
    }

    public static String sha256(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}

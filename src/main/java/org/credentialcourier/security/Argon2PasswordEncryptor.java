package org.credentialcourier.security;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.digest.PasswordEncryptor;
import org.credentialcourier.credential.PasswordHasher;
import org.springframework.stereotype.Component;

/**
 * Camunda users' passwords (the admins', process owners') hashed as members' are: Argon2id with OWASP's parameters
 * ({@link PasswordHasher}), instead of Camunda's single salted SHA-512. A process engine plugin (the Spring Boot
 * starter applies every {@code ProcessEnginePlugin} bean) makes it the engine's encryptor; Camunda keeps its own
 * {@code {SHA-512}} and {@code {SHA}} checkers, so older hashes still verify, and {@link CamundaIdentityAuthenticationProvider}
 * re-hashes them at the next successful sign-in. Stored as {@code {argon2}$argon2id$v=19$m=19456,t=2,p=1$...}: the
 * engine's prefix is the algorithm name, the same text as {@link PasswordHasher}'s own, so a stored hash is one
 * {@link PasswordHasher} understands as it is.
 */
@Component
public class Argon2PasswordEncryptor extends AbstractProcessEnginePlugin implements PasswordEncryptor {

    static final String ALGORITHM = "argon2";
    /** How every Argon2id hash in {@code ACT_ID_USER.PWD_} begins. */
    public static final String PREFIX = "{" + ALGORITHM + "}";

    private final PasswordHasher hasher;

    public Argon2PasswordEncryptor(PasswordHasher hasher) {
        this.hasher = hasher;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setPasswordEncryptor(this);
    }

    @Override
    public String encrypt(String password) {
        String hash = hasher.hash(password);
        if (!hash.startsWith(PREFIX)) {
            throw new IllegalStateException("PasswordHasher no longer hashes with " + ALGORITHM);
        }
        // the engine puts its prefix, the algorithm name, in front itself
        return hash.substring(PREFIX.length());
    }

    @Override
    public boolean check(String password, String encrypted) {
        return hasher.matches(password, PREFIX + encrypted);
    }

    @Override
    public String hashAlgorithmName() {
        return ALGORITHM;
    }

    /** Whether a stored hash ({@code ACT_ID_USER.PWD_}) should be replaced by a current Argon2id one. */
    public boolean needsUpgrade(String stored) {
        return stored == null || !stored.startsWith(PREFIX) || hasher.needsUpgrade(stored);
    }
}

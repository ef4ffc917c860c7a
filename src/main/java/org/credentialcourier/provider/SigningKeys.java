package org.credentialcourier.provider;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.GeneralSecurityException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.credentialcourier.portal.PortalHistory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The RSA keys that sign the tokens, kept in the database so that every node of a cluster signs with the same key and
 * publishes the same set: a token one node signed validates with the keys another publishes. The newest key signs;
 * every key not retired is published, so a rotation ({@link #rotate}) puts a new key beside the old one and tokens
 * signed before it still validate until the old key is retired. The private keys are stored encrypted
 * ({@link KeyCipher}), never in plain text.
 */
@Service
public class SigningKeys implements JWKSource<SecurityContext> {

    /** How long a node trusts its copy of the key set: another node's rotation reaches it within this time. */
    private static final Duration CACHE = Duration.ofSeconds(30);
    /** The actor of the first key and of the scheduled rotation in the audit. */
    static final String SYSTEM = "system";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final KeyCipher cipher;
    private final PortalHistory history;
    private final ProviderProperties.KeyRotation rotation;
    private volatile Cached cached;

    public SigningKeys(JdbcClient jdbc, Clock clock, ProviderProperties properties, PortalHistory history) {
        this.history = history;
        this.rotation = properties.keyRotation();
        this.jdbc = jdbc;
        this.clock = clock;
        this.cipher = new KeyCipher(properties.keyEncryptionSecret());
    }

    private record Cached(List<RSAKey> keys, Instant until) {
    }

    /** The published keys, newest first; a first key is made when there is none. */
    public List<RSAKey> keys() {
        Cached current = cached;
        Instant now = clock.instant();
        if (current == null || now.isAfter(current.until())) {
            List<RSAKey> keys = load();
            if (keys.isEmpty()) {
                rotate(SYSTEM);
                keys = load();
            }
            current = new Cached(keys, now.plus(CACHE));
            cached = current;
        }
        return current.keys();
    }

    /** The id of the key that signs now. */
    public String signingKeyId() {
        return keys().get(0).getKeyID();
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) {
        return selector.select(new JWKSet(List.copyOf(keys())));
    }

    /** A published key, for the console: its id and when it was made. */
    public record Published(String keyId, Instant createdAt, boolean signing) {
    }

    /** The published keys, newest (the one that signs) first. */
    @Transactional(readOnly = true)
    public List<Published> published() {
        String signing = signingKeyId();
        return jdbc.sql("""
                        SELECT key_id, created_at FROM provider_signing_key WHERE retired_at IS NULL
                        ORDER BY created_at DESC, key_id""")
                .query((rs, row) -> new Published(rs.getString("key_id"), rs.getTimestamp("created_at").toInstant(),
                        rs.getString("key_id").equals(signing)))
                .list();
    }

    /** A new signing key, published beside the others from now on; returns its id. In the audit as {@code actor}'s. */
    @Transactional
    public String rotate(String actor) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            String keyId = UUID.randomUUID().toString();
            RSAKey publicJwk = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).keyID(keyId)
                    .keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).build();
            jdbc.sql("""
                            INSERT INTO provider_signing_key (key_id, public_jwk, private_key, created_at)
                            VALUES (:keyId, :publicJwk, :privateKey, :createdAt)""")
                    .param("keyId", keyId).param("publicJwk", publicJwk.toJSONString())
                    .param("privateKey", cipher.encrypt(pair.getPrivate().getEncoded(), keyId))
                    .param("createdAt", Timestamp.from(clock.instant())).update();
            history.record(PortalHistory.Type.SIGNING_KEY_ROTATED, keyId, actor, "Key " + keyId + " signs from now on");
            cached = null;
            return keyId;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not make a signing key", e);
        }
    }

    /** Stops publishing a key: tokens it signed no longer validate. The newest key cannot be retired. */
    @Transactional
    public boolean retire(String keyId, String actor) {
        // the newest key read from the table, not from this node's copy: another node may have added one since
        String newest = jdbc.sql("""
                        SELECT key_id FROM provider_signing_key WHERE retired_at IS NULL
                        ORDER BY created_at DESC, key_id FETCH FIRST 1 ROWS ONLY""")
                .query(String.class).optional().orElse(null);
        if (keyId.equals(newest)) {
            return false;
        }
        int retired = jdbc.sql("UPDATE provider_signing_key SET retired_at = :now WHERE key_id = :keyId AND retired_at IS NULL")
                .param("now", Timestamp.from(clock.instant())).param("keyId", keyId).update();
        if (retired == 1) {
            history.record(PortalHistory.Type.SIGNING_KEY_RETIRED, keyId, actor,
                    "Key " + keyId + " no longer published: tokens it signed no longer validate");
        }
        cached = null;
        return retired == 1;
    }

    /** What a scheduled check did: the key it added (or null) and the keys it retired. */
    public record Rotation(String added, List<String> retired) {
    }

    /**
     * The scheduled rotation ({@code courier.provider.key-rotation.*}), once at a time across the cluster (the row of
     * {@code provider_key_rotation} is locked until the check ends, and a node that waited for it sees the key the
     * other added): a new key when the newest is {@code period} old, and every older key retired once a newer one has
     * signed for {@code retire-after}, so that portals caching the key set and tokens signed just before the
     * rotation still validate meanwhile. Lines in the audit as {@code system}'s.
     */
    @Transactional
    public Rotation rotateWhenDue() {
        Instant now = clock.instant();
        jdbc.sql("SELECT id FROM provider_key_rotation WHERE id = 1 FOR UPDATE").query(Integer.class).single();
        List<Instant> created = jdbc.sql("""
                        SELECT created_at FROM provider_signing_key WHERE retired_at IS NULL
                        ORDER BY created_at DESC, key_id""")
                .query((rs, row) -> rs.getTimestamp("created_at").toInstant()).list();
        String added = null;
        if (created.isEmpty() || !created.get(0).plus(rotation.period()).isAfter(now)) {
            added = rotate(SYSTEM);
        }
        List<String> retired = new java.util.ArrayList<>();
        List<Object[]> keys = jdbc.sql("""
                        SELECT key_id, created_at FROM provider_signing_key WHERE retired_at IS NULL
                        ORDER BY created_at DESC, key_id""")
                .query((rs, row) -> new Object[] {rs.getString("key_id"), rs.getTimestamp("created_at").toInstant()})
                .list();
        for (int i = 1; i < keys.size(); i++) {
            // a key signs until the next newer one is made; it is retired that long after
            Instant supersededAt = (Instant) keys.get(i - 1)[1];
            if (!supersededAt.plus(rotation.retireAfter()).isAfter(now) && retire((String) keys.get(i)[0], SYSTEM)) {
                retired.add((String) keys.get(i)[0]);
            }
        }
        jdbc.sql("UPDATE provider_key_rotation SET checked_at = :now WHERE id = 1")
                .param("now", Timestamp.from(now)).update();
        cached = null;
        return new Rotation(added, retired);
    }

    private List<RSAKey> load() {
        return jdbc.sql("""
                        SELECT key_id, public_jwk, private_key FROM provider_signing_key WHERE retired_at IS NULL
                        ORDER BY created_at DESC, key_id""")
                .query((rs, row) -> withPrivate(rs.getString("key_id"), rs.getString("public_jwk"),
                        rs.getString("private_key")))
                .list();
    }

    private RSAKey withPrivate(String keyId, String publicJwk, String sealed) {
        try {
            RSAKey publicKey = RSAKey.parse(publicJwk);
            RSAPrivateKey privateKey = (RSAPrivateKey) KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(cipher.decrypt(sealed, keyId)));
            return new RSAKey.Builder(publicKey).privateKey(privateKey).build();
        } catch (ParseException | GeneralSecurityException e) {
            throw new IllegalStateException("Signing key " + keyId + " is unreadable", e);
        }
    }
}

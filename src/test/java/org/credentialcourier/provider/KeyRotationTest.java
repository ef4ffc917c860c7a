package org.credentialcourier.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.jwk.JWK;

import org.credentialcourier.support.CourierTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The scheduled rotation ({@code courier.provider.key-rotation.*}, P90D and P7D by default): a key as old as the
 * period is followed by a new one, the older key stays published for the grace period after that and is retired
 * then, both in the audit as {@code system}'s; nodes checking at the same moment add one key, not one each. The
 * keys' ages are moved back in the table, as time would move them.
 */
@CourierTest
class KeyRotationTest {

    @Autowired SigningKeys keys;
    @Autowired JdbcClient jdbc;
    @Autowired ProviderProperties properties;

    @Test
    void aKeyAsOldAsThePeriodIsFollowedByANewOneAndRetiredAfterTheGracePeriod() {
        String first = keys.rotate("demo");
        SigningKeys.Rotation fresh = keys.rotateWhenDue();
        assertThat(fresh.added()).as("a fresh key is not replaced").isNull();
        assertThat(fresh.retired()).doesNotContain(first);

        age(properties.keyRotation().period().plusMinutes(1));
        SigningKeys.Rotation due = keys.rotateWhenDue();
        assertThat(due.added()).as("a key as old as the period is followed").isNotNull();
        assertThat(due.retired()).as("the older key signed until just now").doesNotContain(first);
        assertThat(keys.signingKeyId()).isEqualTo(due.added());
        assertThat(published()).contains(first, due.added());
        assertThat(keys.rotateWhenDue().added()).as("the next check adds nothing").isNull();

        // the grace period passes, the period does not
        ageKey(due.added(), properties.keyRotation().retireAfter().plusMinutes(1));
        SigningKeys.Rotation grace = keys.rotateWhenDue();
        assertThat(grace.added()).isNull();
        assertThat(grace.retired()).contains(first);
        assertThat(published()).doesNotContain(first).contains(due.added());

        assertThat(audit("SIGNING_KEY_ROTATED", due.added())).isEqualTo("system");
        assertThat(audit("SIGNING_KEY_RETIRED", first)).isEqualTo("system");
        assertThat(audit("SIGNING_KEY_ROTATED", first)).isEqualTo("demo");
    }

    @Test
    void nodesCheckingAtTheSameMomentAddOneKey() throws Exception {
        keys.rotate("demo");
        age(properties.keyRotation().period().plusMinutes(1));
        Instant before = Instant.now().minusSeconds(1);
        int nodes = 4;
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<SigningKeys.Rotation>> checks = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                checks.add(pool.submit(() -> {
                    go.await();
                    return keys.rotateWhenDue();
                }));
            }
            go.countDown();
            List<String> added = new ArrayList<>();
            for (Future<SigningKeys.Rotation> check : checks) {
                String key = check.get(60, TimeUnit.SECONDS).added();
                if (key != null) {
                    added.add(key);
                }
            }
            assertThat(added).as("keys added by " + nodes + " simultaneous checks").hasSize(1);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM provider_signing_key WHERE created_at >= :before")
                    .param("before", Timestamp.from(before)).query(Integer.class).single()).isOne();
        } finally {
            pool.shutdownNow();
        }
    }

    /** A grace period of nothing would end every token at each rotation: refused at the start, as a too short period. */
    @Test
    void aRotationThatWouldEndTokensAtOnceIsRefused() {
        var validator = jakarta.validation.Validation.buildDefaultValidatorFactory().getValidator();
        assertThat(validator.validate(new ProviderProperties.KeyRotation(true, Duration.ofDays(90), Duration.ofDays(7),
                Duration.ofHours(1)))).isEmpty();
        assertThat(validator.validate(new ProviderProperties.KeyRotation(true, Duration.ofDays(90), Duration.ZERO,
                Duration.ofHours(1)))).hasSize(1);
        assertThat(validator.validate(new ProviderProperties.KeyRotation(true, Duration.ofHours(5),
                Duration.ofDays(7), Duration.ofHours(1)))).hasSize(1);
        assertThat(validator.validate(new ProviderProperties.KeyRotation(true, Duration.ofDays(90),
                Duration.ofDays(7), Duration.ofSeconds(1)))).hasSize(1);
    }

    /** Every published key made {@code by} earlier. */
    private void age(Duration by) {
        jdbc.sql("SELECT key_id FROM provider_signing_key WHERE retired_at IS NULL").query(String.class).list()
                .forEach(keyId -> ageKey(keyId, by));
    }

    private void ageKey(String keyId, Duration by) {
        Instant created = jdbc.sql("SELECT created_at FROM provider_signing_key WHERE key_id = :id")
                .param("id", keyId).query(Timestamp.class).single().toInstant();
        jdbc.sql("UPDATE provider_signing_key SET created_at = :at WHERE key_id = :id")
                .param("at", Timestamp.from(created.minus(by))).param("id", keyId).update();
    }

    private List<String> published() {
        return keys.keys().stream().map(JWK::getKeyID).toList();
    }

    private String audit(String type, String keyId) {
        return jdbc.sql("SELECT actor FROM provider_event WHERE event_type = :type AND subject = :id")
                .param("type", type).param("id", keyId).query(String.class).single();
    }
}

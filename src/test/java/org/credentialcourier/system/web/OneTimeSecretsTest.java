package org.credentialcourier.system.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Serializable;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpSession;

/** The one-time store of the reveal pages, without Spring: once, for its owner only, for a while, never on disk. */
class OneTimeSecretsTest {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    private final MutableClock clock = new MutableClock();
    private final OneTimeSecrets secrets = new OneTimeSecrets(clock);
    private final MockHttpSession session = new MockHttpSession();

    @Test
    void takenOnceThenGone() {
        String key = secrets.keep(session, "contact-1", "s3cret");
        assertThat(key).matches("[A-Za-z0-9_-]{24}").doesNotContain("s3cret");
        assertThat(secrets.take(session, key, "contact-1", String.class)).contains("s3cret");
        assertThat(secrets.take(session, key, "contact-1", String.class)).isEmpty();
    }

    @Test
    void anotherOwnerTypeSessionOrAnUnknownKeyGetsNothingAndLeavesItForItsPage() {
        String key = secrets.keep(session, "contact-1", "s3cret");
        assertThat(secrets.take(session, key, "contact-2", String.class)).isEmpty();
        assertThat(secrets.take(session, key, "contact-1", Integer.class)).isEmpty();
        assertThat(secrets.take(new MockHttpSession(), key, "contact-1", String.class)).isEmpty();
        assertThat(secrets.take(session, "x".repeat(5000), "contact-1", String.class)).isEmpty();
        assertThat(secrets.take(session, null, "contact-1", String.class)).isEmpty();
        assertThat(secrets.take(session, key, "contact-1", String.class)).contains("s3cret");
    }

    @Test
    void droppedWhenNobodyCameInTime() {
        String key = secrets.keep(session, "contact-1", "s3cret");
        clock.now = NOW.plus(OneTimeSecrets.LIFETIME).plusSeconds(1);
        assertThat(secrets.take(session, key, "contact-1", String.class)).isEmpty();
    }

    @Test
    void aSessionKeepsOnlyTheNewestFew() {
        String first = secrets.keep(session, "o", "first");
        String last = null;
        for (int i = 0; i < OneTimeSecrets.MAX_KEPT; i++) {
            clock.now = clock.now.plusMillis(1);
            last = secrets.keep(session, "o", "secret " + i);
        }
        assertThat(secrets.take(session, first, "o", String.class)).isEmpty();
        assertThat(secrets.take(session, last, "o", String.class)).isPresent();
    }

    @Test
    void theSessionAttributeIsNotSerializableSoNoSessionStoreWritesItOut() {
        secrets.keep(session, "o", "s3cret");
        Object vault = session.getAttribute(OneTimeSecrets.class.getName());
        assertThat(vault).isNotNull().isNotInstanceOf(Serializable.class);
        assertThat(vault.toString()).doesNotContain("s3cret");
    }

    private static final class MutableClock extends Clock {
        Instant now = NOW;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}

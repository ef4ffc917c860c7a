package org.credentialcourier.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Places for password hashing per client and in all (issue 13, case 20): refused, never queued without bound. */
class HashingPermitsTest {

    private static HashingPermits permits(int perClient, int total) {
        return new HashingPermits(perClient, total, Duration.ofMillis(20));
    }

    @Test
    void aClientGetsItsShareAndNoMoreWhileOthersGetTheirs() {
        HashingPermits permits = permits(2, 8);
        HashingPermits.Permit first = permits.acquire("198.51.100.1");
        HashingPermits.Permit second = permits.acquire("198.51.100.1");
        assertThatThrownBy(() -> permits.acquire("198.51.100.1")).isInstanceOfSatisfying(
                HashingPermits.BusyException.class, busy -> assertThat(busy.client()).isTrue());
        try (HashingPermits.Permit other = permits.acquire("198.51.100.2")) {
            assertThat(permits.running("198.51.100.2")).isEqualTo(1);
        }
        first.close();
        first.close();
        assertThat(permits.running("198.51.100.1")).as("a second close gives nothing back twice").isEqualTo(1);
        permits.acquire("198.51.100.1").close();
        second.close();
        assertThat(permits.running("198.51.100.1")).isZero();
    }

    @Test
    void pastTheTotalAClientWaitsBrieflyThenIsRefusedAndKeepsNothing() {
        HashingPermits permits = permits(2, 1);
        try (HashingPermits.Permit held = permits.acquire("198.51.100.1")) {
            assertThatThrownBy(() -> permits.acquire("198.51.100.2")).isInstanceOfSatisfying(
                    HashingPermits.BusyException.class, busy -> assertThat(busy.client()).isFalse());
            assertThat(permits.running("198.51.100.2")).isZero();
        }
        permits.acquire("198.51.100.2").close();
    }
}

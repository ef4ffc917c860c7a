package org.credentialcourier.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.credentialcourier.security.RequestLimits;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** Places for password hashing per client and in all (issue 13, case 20): refused, never queued without bound. */
class HashingPermitsTest {

    private static HashingPermits permits(int perClient, int total) {
        return new HashingPermits(new RequestLimits(List.of(), DataSize.ofKilobytes(32), Duration.ofSeconds(10), 20,
                perClient, total, Duration.ofMillis(20), DataSize.ofMegabytes(16), 5));
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

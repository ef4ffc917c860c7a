package org.credentialcourier.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The console's times on their own, with a fixed clock: relative ages at each unit's boundary, either way from now;
 * the admin's zone in the text and UTC on hover; and which zone an admin gets.
 */
class ConsoleTimeTest {

    private static final Instant NOW = Instant.parse("2026-03-28T23:30:00Z");
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @ParameterizedTest(name = "{0} s from now: {1}")
    @CsvSource({
            "0, just now", "59, just now", "-59, just now",
            "60, in 1 minute", "-60, 1 minute ago", "119, in 1 minute", "120, in 2 minutes",
            "3599, in 59 minutes", "-3599, 59 minutes ago",
            "3600, in 1 hour", "-3600, 1 hour ago", "7199, in 1 hour", "7200, in 2 hours",
            "86399, in 23 hours", "-86399, 23 hours ago",
            "86400, in 1 day", "-86400, 1 day ago", "172799, in 1 day", "172800, in 2 days", "-172800, 2 days ago",
            // 59 days 23:59:59, then 60 days
            "5183999, in 59 days", "5184000, in 2 months", "-5184000, 2 months ago",
            // 364 days, then 365
            "31449600, in 12 months", "31536000, in 1 year", "-31536000, 1 year ago", "94608000, in 3 years"})
    void relativeAgesAreWholeUnitsTowardsNow(long seconds, String expected) {
        assertThat(ConsoleTime.relative(NOW.plusSeconds(seconds), NOW)).isEqualTo(expected);
    }

    @Test
    void relativeAgesReadTheClock() {
        ConsoleTime time = new ConsoleTime(PARIS, Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(time.relative(NOW.plus(Duration.ofDays(7)))).isEqualTo("in 7 days");
        assertThat(time.relative(NOW.minus(Duration.ofHours(3)))).isEqualTo("3 hours ago");
        assertThat(time.relative(null)).isEmpty();
    }

    @Test
    void shownInTheAdminsZoneWithUtcOnHoverAndInDatetime() {
        ConsoleTime paris = new ConsoleTime(PARIS, Clock.fixed(NOW, ZoneOffset.UTC));
        Instant winter = Instant.parse("2026-03-01T14:05:09Z");
        Instant summer = Instant.parse("2026-07-01T14:05:09Z");
        assertThat(paris.show(winter)).isEqualTo("2026-03-01 15:05 CET");
        assertThat(paris.show(summer)).isEqualTo("2026-07-01 16:05 CEST");
        assertThat(paris.utc(winter)).isEqualTo("2026-03-01 14:05:09 UTC");
        assertThat(paris.iso(winter)).isEqualTo("2026-03-01T14:05:09Z");
        assertThat(paris.cell(summer)).isEqualTo("2026-07-01 16:05:09");
        assertThat(paris.zoneName()).isEqualTo("Europe/Paris");
        // the day the clocks go forward: 01:30 UTC is 03:30 in Paris, not 02:30
        assertThat(paris.show(Instant.parse("2026-03-29T01:30:00Z"))).isEqualTo("2026-03-29 03:30 CEST");

        ConsoleTime utc = new ConsoleTime(ConsoleTime.UTC_ZONE, Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(utc.show(winter)).isEqualTo("2026-03-01 14:05 UTC");
        assertThat(utc.zoneName()).isEqualTo("UTC");
        assertThat(utc.show(null)).isEmpty();
        assertThat(utc.utc(null)).isEmpty();
    }

    @Test
    void theAdminsChoiceElseTheBrowsersElseTheDefault() {
        ZoneId fallback = ZoneId.of("America/New_York");
        assertThat(AdminTimeZones.choose(Optional.of("Europe/Paris"), "Asia/Tokyo", fallback)).isEqualTo(PARIS);
        assertThat(AdminTimeZones.choose(Optional.of("UTC"), null, fallback)).isEqualTo(ConsoleTime.UTC_ZONE);
        assertThat(AdminTimeZones.choose(Optional.empty(), null, fallback)).isEqualTo(fallback);
        assertThat(AdminTimeZones.choose(Optional.empty(), "Asia/Tokyo", fallback)).as("the browser's")
                .isEqualTo(ZoneId.of("Asia/Tokyo"));
        assertThat(AdminTimeZones.choose(Optional.empty(), "+09:00", fallback)).as("no offsets").isEqualTo(fallback);
        // a zone this runtime no longer knows (a newer tz database wrote it, or a hand edit): the default
        assertThat(AdminTimeZones.choose(Optional.of("Mars/Olympus_Mons"), null, fallback)).isEqualTo(fallback);
        assertThat(AdminTimeZones.IDS).contains("Europe/Paris", "Asia/Kolkata", "America/Argentina/Buenos_Aires")
                .doesNotContain("UTC", "Etc/GMT+2", "CET", "EST").isSorted();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "+02:00", "GMT+2", "Etc/GMT-3", "CET", "PST", "europe/paris", "Europe/Paris ",
            "Europe/../Paris", "Mars/Olympus_Mons", "Europe/Paris\u0000"})
    void onlyRegionIdsOfTheListAndUtcAreZones(String id) {
        assertThat(AdminTimeZones.parse(id)).isEmpty();
    }
}

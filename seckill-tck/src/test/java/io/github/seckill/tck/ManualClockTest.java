package io.github.seckill.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ManualClockTest {

    private static final Instant T0 = Instant.parse("2030-01-01T10:00:00Z");

    @Test
    void standsStillUntilMoved() {
        ManualClock clock = ManualClock.at(T0);
        assertThat(clock.instant()).isEqualTo(T0);
        assertThat(clock.millis()).isEqualTo(T0.toEpochMilli());
        assertThat(clock.advance(Duration.ofSeconds(90))).isEqualTo(T0.plusSeconds(90));
        assertThat(clock.advanceMillis(-30_000)).isEqualTo(T0.plusSeconds(60));
        clock.set(T0.minusSeconds(1));
        assertThat(clock.instant()).isEqualTo(T0.minusSeconds(1));
        assertThat(ManualClock.atMillis(5).millis()).isEqualTo(5);
    }

    @Test
    void isAClockAndAnInstantSourceInUtc() {
        ManualClock clock = ManualClock.at(T0);
        Clock asClock = clock;
        InstantSource asSource = clock;
        clock.advanceMillis(1);
        assertThat(asClock.getZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(asSource.millis()).isEqualTo(T0.toEpochMilli() + 1);
    }

    @Test
    void aViewInAnotherZoneSharesTheTime() {
        ManualClock clock = ManualClock.at(T0);
        ManualClock paris = clock.withZone(ZoneId.of("Europe/Paris"));
        clock.advance(Duration.ofMinutes(5));
        assertThat(paris.instant()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    }
}

package io.github.seckill.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.seckill.ActivityConfig;
import io.github.seckill.ledger.LedgerActivity;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OpenWindowTest {

    private static final Instant T0 = Instant.parse("2030-01-01T10:00:00Z");

    @Test
    void opensAMinuteBeforeAndClosesAnHourAfter() {
        OpenWindow window = OpenWindow.at(T0);
        assertThat(window.start()).isEqualTo(T0.minusSeconds(60));
        assertThat(window.end()).isEqualTo(T0.plusSeconds(3_600));
        assertThat(OpenWindow.at(ManualClock.at(T0))).isEqualTo(window);
    }

    @Test
    void isOpenNowByTheSystemClock() {
        Instant before = Instant.now();
        OpenWindow window = OpenWindow.now();
        assertThat(window.start()).isBefore(before);
        assertThat(window.end()).isAfter(Instant.now());
    }

    @Test
    void buildsTheActivityAndItsLedgerRowOnTheWindow() {
        OpenWindow window = OpenWindow.at(T0);
        ActivityConfig config = window.activity(42).stock(10).shards(2).build();
        assertThat(config.activityId()).isEqualTo(42);
        assertThat(config.startsAt()).isEqualTo(window.start());
        assertThat(config.endsAt()).isEqualTo(window.end());
        assertThat(window.ledgerActivity(42, 7, 10, Duration.ofMinutes(5)))
                .isEqualTo(new LedgerActivity(42, 7, 10, window.start(), window.end(), Duration.ofMinutes(5)));
    }

    @Test
    void anEmptyWindowIsRefused() {
        assertThatThrownBy(() -> new OpenWindow(T0, T0)).isInstanceOf(IllegalArgumentException.class);
    }
}

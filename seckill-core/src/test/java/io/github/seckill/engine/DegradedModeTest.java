package io.github.seckill.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.BackendUnavailableException;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DegradedModeTest {

    private static final BackendUnavailableException DOWN = new BackendUnavailableException("redis", "down", null);

    @Test
    void rejectingPolicyNeverBypasses() {
        DegradedMode mode = new DegradedMode(DegradedAdmission.reject());
        assertThat(mode.onBackendFailure(DOWN, 1_000)).isFalse();
        assertThat(mode.bypassing(1_000)).isFalse();
        assertThat(mode.state()).isInstanceOf(DegradedMode.Closed.class);
    }

    @Test
    void aFailureOpensUntilTheRetryTimeThenTheBackendIsTriedAgain() {
        DegradedMode mode = new DegradedMode(DegradedAdmission.queueDirectly(1.0, Duration.ofSeconds(2)));
        assertThat(mode.bypassing(1_000)).isFalse();
        assertThat(mode.onBackendFailure(DOWN, 1_000)).isTrue();
        assertThat(mode.state()).isInstanceOf(DegradedMode.Open.class);
        assertThat(mode.bypassing(1_001)).isTrue();
        assertThat(mode.bypassing(2_999)).isTrue();
        assertThat(mode.bypassing(3_000)).as("retry time reached: the next attempt uses the backend").isFalse();
        mode.onBackendSuccess();
        assertThat(mode.state()).isInstanceOf(DegradedMode.Closed.class);
    }

    @Test
    void letsThroughThePolicysShare() {
        DegradedMode mode = new DegradedMode(DegradedAdmission.queueDirectly(0.25, Duration.ofSeconds(1)));
        Random random = new Random(1);
        int passed = 0;
        for (int i = 0; i < 10_000; i++) {
            passed += mode.admits(random) ? 1 : 0;
        }
        assertThat(passed).isBetween(2_300, 2_700);
        assertThat(new DegradedMode(DegradedAdmission.reject()).admits(random)).isFalse();
    }
}

package io.github.seckill.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.seckill.AttemptResult;
import io.github.seckill.event.SeckillListener;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class IntakeTest {

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Intake intake = new Intake(new SeckillListener() {
        @Override
        public void attemptAnswered(long activityId, AttemptResult.Outcome outcome, long nanos) {
            assertThat(nanos).isNotNegative();
            events.add(activityId + " " + outcome);
        }

        @Override
        public void attemptFailed(long activityId, Throwable cause, long nanos) {
            events.add(activityId + " failed " + cause.getMessage());
        }
    });

    @Test
    void everyAttemptIsToldWithItsAnswerOrFailure() {
        assertThat(intake.attempt(1, () -> AttemptResult.Rejected.SOLD_OUT)).isEqualTo(AttemptResult.Rejected.SOLD_OUT);
        assertThatThrownBy(() -> intake.attempt(2, () -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(events).containsExactly("1 SOLD_OUT", "2 failed boom");
        assertThat(intake.inFlight()).isZero();
    }

    @Test
    void anAsynchronousAttemptCountsUntilItsStageCompletes() {
        CompletableFuture<AttemptResult> pending = new CompletableFuture<>();
        intake.attemptAsync(3, () -> pending);
        assertThat(intake.inFlight()).isEqualTo(1);
        pending.complete(AttemptResult.Rejected.THROTTLED);
        assertThat(intake.inFlight()).isZero();
        assertThat(events).containsExactly("3 THROTTLED");
    }

    @Test
    void aClosedIntakeAnswersClosingAndRunsNothing() {
        intake.close();
        assertThat(intake.attempt(4, () -> {
            throw new AssertionError("must not run");
        })).isEqualTo(AttemptResult.Rejected.CLOSING);
        assertThat(intake.attemptAsync(4, () -> {
            throw new AssertionError("must not run");
        }).toCompletableFuture().join()).isEqualTo(AttemptResult.Rejected.CLOSING);
        assertThat(intake.closing()).isTrue();
        assertThat(events).containsExactly("4 CLOSING", "4 CLOSING");
    }
}

package io.github.seckill.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InFlightWindowTest {

    @Test
    void neverHasMoreThanItsSizeInFlightAndDrainsThemAll() throws Exception {
        InFlightWindow window = new InFlightWindow(8);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            for (int i = 0; i < 2_000; i++) {
                window.submit(() -> {
                    most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    return CompletableFuture.supplyAsync(() -> {
                        Thread.onSpinWait();
                        inFlight.decrementAndGet();
                        done.incrementAndGet();
                        return true;
                    }, pool);
                });
            }
            window.drainAndCheck(Duration.ofSeconds(30));
            assertThat(done.get()).isEqualTo(2_000);
            assertThat(most.get()).isBetween(1, 8);
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void failuresAndRefusalsMakeTheIterationFail() {
        InFlightWindow failing = new InFlightWindow(4);
        failing.submit(() -> CompletableFuture.completedFuture(true));
        failing.submit(() -> CompletableFuture.failedFuture(new IllegalStateException("redis down")));
        assertThatThrownBy(() -> failing.drainAndCheck(Duration.ofSeconds(1)))
                .hasRootCauseMessage("redis down");

        InFlightWindow throwing = new InFlightWindow(4);
        throwing.submit(() -> {
            throw new IllegalArgumentException("bad request");
        });
        assertThatThrownBy(() -> throwing.drainAndCheck(Duration.ofSeconds(1))).hasRootCauseMessage("bad request");

        InFlightWindow refusing = new InFlightWindow(4);
        refusing.submit(() -> CompletableFuture.completedFuture(false));
        assertThatThrownBy(() -> refusing.drainAndCheck(Duration.ofSeconds(1))).hasMessageContaining("1 calls were refused");
    }

    @Test
    void drainingGivesUpOnCallsThatNeverComplete() {
        InFlightWindow window = new InFlightWindow(2);
        List<CompletableFuture<Boolean>> pending = new ArrayList<>();
        window.submit(() -> {
            CompletableFuture<Boolean> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        });
        assertThatThrownBy(() -> window.drainAndCheck(Duration.ofMillis(50))).hasMessageContaining("still in flight");
        pending.forEach(f -> f.complete(true));
        window.drainAndCheck(Duration.ofSeconds(1));
    }
}

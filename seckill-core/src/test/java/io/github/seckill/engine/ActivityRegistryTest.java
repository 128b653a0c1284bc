package io.github.seckill.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.seckill.ActivityConfig;
import io.github.seckill.InvalidRequestException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ActivityRegistryTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private final ActivityRegistry registry = new ActivityRegistry();
    private final AtomicInteger created = new AtomicInteger();

    private ActivityState launch(ActivityConfig config) {
        return registry.launch(config, c -> {
            created.incrementAndGet();
            return new ActivityState(c, 0);
        });
    }

    private static ActivityConfig config(long id, long stock) {
        return ActivityConfig.builder(id).stock(stock).window(START, START.plus(Duration.ofHours(1))).build();
    }

    @Test
    void findsWhatWasLaunchedWhateverTheOrder() {
        for (long id : new long[] {50, 7, 3_000, 1, 49}) {
            launch(config(id, id));
        }
        for (long id : new long[] {1, 7, 49, 50, 3_000}) {
            assertThat(registry.find(id)).isNotNull().extracting(a -> a.config.stock()).isEqualTo(id);
        }
        assertThat(registry.find(2)).isNull();
        assertThat(registry.all()).extracting(a -> a.id).containsExactly(1L, 7L, 49L, 50L, 3_000L);
    }

    @Test
    void theSameConfigurationTwiceIsOneLaunchAnotherOneIsRefused() {
        ActivityState first = launch(config(1, 10));
        assertThat(launch(config(1, 10))).isSameAs(first);
        assertThat(created).hasValue(1);
        assertThatThrownBy(() -> launch(config(1, 11)))
                .isInstanceOf(InvalidRequestException.class)
                .extracting(e -> ((InvalidRequestException) e).field()).isEqualTo("activityId");
        assertThat(registry.find(1)).isSameAs(first);
    }

    @Test
    void aFailedWarmUpRegistersNothing() {
        assertThatThrownBy(() -> registry.launch(config(1, 10), c -> {
            throw new IllegalStateException("backend down");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(registry.find(1)).isNull();
        assertThat(registry.size()).isZero();
    }

    @Test
    void removeDropsOnlyThatActivity() {
        launch(config(1, 1));
        launch(config(2, 2));
        launch(config(3, 3));
        assertThat(registry.remove(2)).isNotNull();
        assertThat(registry.remove(2)).isNull();
        assertThat(registry.find(2)).isNull();
        assertThat(registry.find(1)).isNotNull();
        assertThat(registry.find(3)).isNotNull();
        assertThat(registry.size()).isEqualTo(2);
        assertThatThrownBy(() -> registry.require(2)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("no activity 2");
        launch(config(2, 20));
        assertThat(registry.require(2).config.stock()).isEqualTo(20);
    }
}

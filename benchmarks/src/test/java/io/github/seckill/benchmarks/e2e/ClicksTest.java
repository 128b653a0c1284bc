package io.github.seckill.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClicksTest {

    @Test
    void everyBuyerClicksOnceAndEveryTenthAgainALittleLater() {
        Clicks clicks = new Clicks(1_000, 100, 20);
        Map<Long, Integer> firstAt = new HashMap<>();
        Map<Long, Integer> secondAt = new HashMap<>();
        int position = 0;
        while (clicks.hasNext()) {
            long buyer = clicks.next();
            assertThat(buyer).isBetween(1L, 1_000L);
            if (clicks.repeat()) {
                assertThat(firstAt).as("a repeat follows its buyer's first click").containsKey(buyer);
                assertThat(secondAt.put(buyer, position)).as("one repeat per buyer").isNull();
            } else {
                assertThat(firstAt.put(buyer, position)).as("one first click per buyer").isNull();
            }
            position++;
        }
        assertThat(position).isEqualTo(1_100);
        assertThat(firstAt).hasSize(1_000);
        assertThat(secondAt).hasSize(100);
        assertThat(secondAt.keySet()).allSatisfy(b -> assertThat(b % 10).isZero());
        for (Map.Entry<Long, Integer> e : secondAt.entrySet()) {
            int gap = e.getValue() - firstAt.get(e.getKey());
            assertThat(gap).as("buyer %d", e.getKey()).isGreaterThan(0).isLessThanOrEqualTo(25);
            if (e.getKey() <= 980) {
                assertThat(gap).isGreaterThanOrEqualTo(20);
            }
        }
        assertThatThrownBy(clicks::next).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void noRepeatsAndAllRepeatsAreSalesToo() {
        Clicks once = new Clicks(3, 0, 5);
        assertThat(once.next()).isEqualTo(1);
        assertThat(once.next()).isEqualTo(2);
        assertThat(once.next()).isEqualTo(3);
        assertThat(once.hasNext()).isFalse();
        Clicks twice = new Clicks(2, 2, 0);
        int n = 0;
        while (twice.hasNext()) {
            twice.next();
            n++;
        }
        assertThat(n).isEqualTo(4);
        assertThatThrownBy(() -> new Clicks(2, 3, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}

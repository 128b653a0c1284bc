package io.github.seckill.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sale's own counters: answers per bucket, and the commands Redis counted. */
class CountersTest {

    @Test
    void answersCountInTheirBucketAndLateOnesInTheLast() {
        long start = 1_000_000_000L;
        SaleTimeline t = new SaleTimeline(start, 100, 5);
        t.record(SaleTimeline.Answer.ADMITTED, start);
        t.record(SaleTimeline.Answer.ADMITTED, start + 99_999_999L);
        t.record(SaleTimeline.Answer.SOLD_OUT, start + 100_000_000L);
        t.record(SaleTimeline.Answer.SOLD_OUT, start + 250_000_000L);
        t.record(SaleTimeline.Answer.SOLD_OUT, start + 60_000_000_000L);
        t.record(SaleTimeline.Answer.DUPLICATE, start - 5);
        Map<SaleTimeline.Answer, long[]> s = t.series();
        assertThat(s.get(SaleTimeline.Answer.ADMITTED)).containsExactly(2, 0, 0, 0, 0);
        assertThat(s.get(SaleTimeline.Answer.SOLD_OUT)).containsExactly(0, 1, 1, 0, 1);
        assertThat(s.get(SaleTimeline.Answer.DUPLICATE)).containsExactly(1, 0, 0, 0, 0);
        assertThat(s.get(SaleTimeline.Answer.FAILED)).containsExactly(0, 0, 0, 0, 0);
        assertThat(t.bucketMillis()).isEqualTo(100);
    }

    @Test
    void seriesEndAtTheLastBucketHoldingAnswers() {
        SaleTimeline t = new SaleTimeline(0, 100, 1_000);
        t.record(SaleTimeline.Answer.ADMITTED, 350_000_000L);
        assertThat(t.series().get(SaleTimeline.Answer.ADMITTED)).containsExactly(0, 0, 0, 1);
        assertThat(new SaleTimeline(0, 100, 10).series().get(SaleTimeline.Answer.ADMITTED)).isEmpty();
    }

    @Test
    void commandStatsAreReadAndDiffedWithoutTheInfoCalls() {
        String before = "# Commandstats\r\ncmdstat_evalsha:calls=10,usec=200,usec_per_call=20.00,rejected_calls=0,"
                + "failed_calls=0\r\ncmdstat_info:calls=3,usec=30,usec_per_call=10.00\r\n";
        String after = "# Commandstats\r\ncmdstat_evalsha:calls=25,usec=500,usec_per_call=20.00\r\n"
                + "cmdstat_hset:calls=7,usec=70,usec_per_call=10.00\r\ncmdstat_info:calls=4,usec=40\r\n";
        RedisCommandStats delta = RedisCommandStats.parse(after).since(RedisCommandStats.parse(before));
        assertThat(delta.calls()).containsExactly(Map.entry("evalsha", 15L), Map.entry("hset", 7L));
        assertThat(delta.total()).isEqualTo(22);
        assertThat(RedisCommandStats.parse("").calls()).isEmpty();
    }
}

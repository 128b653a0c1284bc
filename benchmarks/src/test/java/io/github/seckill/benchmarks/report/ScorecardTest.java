package io.github.seckill.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ScorecardTest {

    private final Map<String, Figure> figures = Scorecard.figures(Samples.ceilings(), Samples.measurements());

    @Test
    void admissionIsTheBestSeckillConfigurationAndKeepsWhereItWasMeasured() {
        Figure admission = figures.get(Scorecard.ADMISSION);
        assertThat(admission.value()).isEqualTo(150_000);
        assertThat(admission.source()).contains("impl=redis-coalesced").contains("inFlight=256");
        assertThat(figures.get("admission.redis-per-call").value()).isEqualTo(60_000);
    }

    @Test
    void ledgerFiguresReadTheOrdersCounterNotInvocations() {
        assertThat(figures.get(Scorecard.LEDGER_SETTLE).value()).isEqualTo(100_000);
        assertThat(figures.get(Scorecard.LEDGER_SETTLE).source()).contains("threads=1");
        assertThat(figures.get(Scorecard.LEDGER_LOCK).value()).isEqualTo(4_000);
    }

    @Test
    void figuresWithoutMeasurementsAreAbsentAndCeilingsComeFirst() {
        assertThat(figures).doesNotContainKeys(Scorecard.SOLD_OUT_FLAG, Scorecard.QUEUE_PUBLISH);
        assertThat(figures.keySet().iterator().next()).isEqualTo(Scorecard.REDIS_ADMIT_P16);
    }

    @Test
    void everyTargetIsJudgedFromTheSameRunsFigures() {
        Map<String, TargetResult> results = Scorecard.evaluate(figures).stream()
                .collect(Collectors.toMap(r -> r.target().id(), r -> r));
        assertThat(results.get("admission-vs-evalsha-p16").status()).isEqualTo(TargetResult.Status.PASS);
        assertThat(results.get("admission-vs-evalsha-p16").value()).isEqualTo(1.5);
        assertThat(results.get("admission-vs-batched-script").status()).isEqualTo(TargetResult.Status.MISS);
        assertThat(results.get("settle-vs-lock").value()).isEqualTo(25.0);
        assertThat(results.get("settle-vs-raw-sql").status()).isEqualTo(TargetResult.Status.PASS);
        assertThat(results.get("admission-vs-redisson").status()).isEqualTo(TargetResult.Status.PASS);
        assertThat(results.get("admission-vs-db-direct").value()).isEqualTo(100.0);
        assertThat(results.get("sold-out-rejections").status()).isEqualTo(TargetResult.Status.NOT_MEASURED);
        assertThat(results.get("publish-vs-producer-performance").status())
                .isEqualTo(TargetResult.Status.NOT_MEASURED);
    }

    @Test
    void everyTargetNamesFiguresThatSomethingProduces() {
        Set<String> producible = Scorecard.derivedFigures().stream().map(BestOf::id).collect(Collectors.toSet());
        producible.addAll(List.of(Scorecard.REDIS_ADMIT_P16, Scorecard.REDIS_ADMIT_BATCH,
                Scorecard.REDIS_ADMIT_BATCH_128, Scorecard.MARIADB_MERGED, Scorecard.KAFKA_PRODUCER));
        for (String n : Scorecard.IN_FLIGHT) {
            assertThat(producible).contains(Scorecard.ADMISSION_AT + n, Scorecard.ADMISSION_REDISSON_AT + n);
        }
        for (Target t : Scorecard.targets()) {
            if (t.family()) {
                continue;
            }
            assertThat(producible).as(t.id()).contains(t.numerator());
            if (t.denominator() != null) {
                assertThat(producible).as(t.id()).contains(t.denominator());
            }
        }
    }

    @Test
    void theRoundsMeasureTheSweepsBestConfigurationOfEveryPairedFigureOnce() {
        List<Measurement> chosen = Scorecard.pairedConfigurations(Samples.measurements());
        assertThat(chosen).extracting(m -> m.param("impl").orElseThrow() + "@" + m.param("inFlight").orElse("")
                + "/" + m.threads()).containsExactlyInAnyOrder("redis-coalesced@256/1", "redisson-semaphore@256/1",
                "settle@/1", "lock@/16", "db-direct@16/1");
    }

    @Test
    void redissonIsMatchedAtEveryInFlightCountOfTheSweep() {
        List<Measurement> sweep = List.of(Samples.admission("redis-coalesced", 1, 5_000),
                Samples.admission("redis-per-call", 1, 6_000), Samples.admission("redisson-semaphore", 1, 7_000),
                Samples.admission("redis-coalesced", 256, 90_000), Samples.admission("redisson-semaphore", 256, 40_000));
        TargetResult every = Scorecard.evaluate(Scorecard.figures(List.of(), sweep)).stream()
                .filter(r -> r.target().id().equals("admission-vs-redisson-every-in-flight")).findFirst().orElseThrow();
        assertThat(every.status()).isEqualTo(TargetResult.Status.MISS);
        assertThat(every.value()).isCloseTo(6_000 / 7_000.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(every.detail()).contains("lowest at 1");
    }

    @Test
    void bestOfIgnoresOtherBenchmarksAndMissingMetrics() {
        BestOf rule = new BestOf("x", "x", "LedgerBenchmark", Map.of("impl", Set.of("lock")), "missing", "u");
        assertThat(rule.derive(Samples.measurements())).isEmpty();
        BestOf other = new BestOf("x", "x", "Nope", Map.of(), Measurement.PRIMARY, "u");
        assertThat(other.derive(Samples.measurements())).isEmpty();
    }
}

package io.github.seckill.benchmarks.e2e;

import java.util.List;
import java.util.Map;

/**
 * What one SDK-level sale measured, written by the child JVM as JSON and read by the run.
 *
 * @param settings how the sale ran
 * @param answers attempts by answer ({@code ADMITTED}, {@code DUPLICATE}, {@code SOLD_OUT}, ...)
 * @param attempts attempts made
 * @param firstFailure the first exception an attempt failed with, empty if none
 * @param timeToSellOutMillis from the first attempt to the answer of the last admission
 * @param soldOutFlagMillis from the first attempt to this JVM raising its sold-out flag, -1 if it never did
 * @param attemptsBeforeSoldOut attempts answered up to the last admission
 * @param attemptsAfterSoldOut attempts answered after it
 * @param allAnsweredMillis from the first attempt to the last answer
 * @param attemptsPerSecondBeforeSoldOut {@code attemptsBeforeSoldOut / timeToSellOut}
 * @param attemptsPerSecondAfterSoldOut {@code attemptsAfterSoldOut / (allAnswered - timeToSellOut)}
 * @param latency every answer, from the call to the answer
 * @param admittedLatency admitted answers only (durable in Kafka before they answer)
 * @param settledOrders orders the settler locked in the ledger
 * @param allSettledMillis from the first attempt to the end of the last settlement
 * @param settleWindowMillis from the start of the first settlement to the end of the last
 * @param settledPerSecond {@code settledOrders / settleWindow}
 * @param ledgerLocked units the ledger holds for orders awaiting payment at the end
 * @param redisSent commands the admitting JVM's Redis client sent during the attempts, by type: its round trips
 * @param redisSentPerAttempt all of them per attempt
 * @param redisCalls commands Redis executed during the attempts ({@code INFO commandstats}, the ones scripts call
 *     included), by command
 * @param redisCommandsPerAttempt all of them per attempt
 * @param heapPeakBytes the most heap used at one sampled instant
 * @param heapPoolPeakSumBytes the sum of the heap pools' peaks (an upper bound)
 * @param heapMaxBytes the heap's limit ({@code -Xmx})
 * @param auditClean whether the SDK's auditor found every invariant holding
 * @param auditViolations what it found broken
 * @param ordersByStatus the ledger's orders by status
 * @param oversold units sold beyond stock (must be 0)
 * @param bucketMillis the timeline's bucket width
 * @param timeline answers per bucket, by answer
 */
public record SdkSaleResult(
        SdkSale.Settings settings,
        Map<String, Long> answers,
        long attempts,
        String firstFailure,
        double timeToSellOutMillis,
        double soldOutFlagMillis,
        long attemptsBeforeSoldOut,
        long attemptsAfterSoldOut,
        double allAnsweredMillis,
        double attemptsPerSecondBeforeSoldOut,
        double attemptsPerSecondAfterSoldOut,
        Latency latency,
        Latency admittedLatency,
        long settledOrders,
        double allSettledMillis,
        double settleWindowMillis,
        double settledPerSecond,
        long ledgerLocked,
        Map<String, Long> redisSent,
        double redisSentPerAttempt,
        Map<String, Long> redisCalls,
        double redisCommandsPerAttempt,
        long heapPeakBytes,
        long heapPoolPeakSumBytes,
        long heapMaxBytes,
        boolean auditClean,
        List<String> auditViolations,
        Map<String, Long> ordersByStatus,
        long oversold,
        long bucketMillis,
        Map<String, long[]> timeline) {

    /** @return admitted attempts */
    public long admitted() {
        return answers.getOrDefault(SaleTimeline.Answer.ADMITTED.name(), 0L);
    }
}

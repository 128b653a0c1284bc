/**
 * The technology compatibility kit: abstract JUnit 5 suites, one per SPI, that any implementation (the project's own
 * backends, or a user's) runs by extending the suite and supplying a factory. They check semantics and concurrency
 * (16 threads, 10,000 users with repeats, shard counts 1, 4 and 16) by counting, never by reading logs.
 *
 * <pre>{@code
 * class MyGateTest extends AdmissionGateContractTest {
 *     @Override
 *     protected AdmissionGate createGate() {
 *         return MyBackend.admissionGate(client);
 *     }
 * }
 * }</pre>
 *
 * <p>The suites and backend tests share a few helpers, so that tests say what they build rather than repeat it:
 * {@link io.github.seckill.tck.OrderMessageBuilder} (orders by field name),
 * {@link io.github.seckill.tck.OpenWindow} (an activity open now, or at a clock's instant),
 * {@link io.github.seckill.tck.ManualClock} (time that moves when the test says), and
 * {@link io.github.seckill.tck.ForwardingStockLedger}, {@link io.github.seckill.tck.ForwardingAdmissionGate} and
 * {@link io.github.seckill.tck.ForwardingShardedStockStore} (extend one and override a call to inject a fault into a
 * real backend).
 */
@NullMarked
package io.github.seckill.tck;

import org.jspecify.annotations.NullMarked;

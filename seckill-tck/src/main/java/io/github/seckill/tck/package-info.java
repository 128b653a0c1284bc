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
 */
@NullMarked
package io.github.seckill.tck;

import org.jspecify.annotations.NullMarked;

/**
 * The wire format of order messages on the Kafka topic: {@link io.github.seckill.kafka.codec.OrderMessageSerializer}
 * writes it, {@link io.github.seckill.kafka.codec.OrderMessageDeserializer} reads it and refuses what it cannot read
 * with an {@link io.github.seckill.kafka.codec.UnreadableMessageException}.
 *
 * <p>Layout of format 1.0, all integers unsigned LEB128 varints unless said otherwise:
 * <table>
 *   <caption>Order message, format 1.0</caption>
 *   <tr><th>field</th><th>encoding</th></tr>
 *   <tr><td>version</td><td>one byte: major version in the high four bits (1), minor in the low four (0)</td></tr>
 *   <tr><td>order id</td><td>varlong, positive</td></tr>
 *   <tr><td>activity id</td><td>varlong, positive</td></tr>
 *   <tr><td>user id</td><td>varlong, positive</td></tr>
 *   <tr><td>quantity</td><td>varint, at least one</td></tr>
 *   <tr><td>shard + 1</td><td>varint; 0 for an order admitted without the admission layer</td></tr>
 *   <tr><td>admission time</td><td>zigzag varlong, epoch millis</td></tr>
 * </table>
 * A typical message takes about 25 bytes, at most 51.
 *
 * <p>How the format evolves: a compatible change (a new optional field) raises the minor version and appends its
 * fields at the end, so a reader of an older minor skips them. An incompatible change raises the major version;
 * readers refuse a major version they do not know instead of guessing, and such messages are dead-lettered.
 */
@NullMarked
package io.github.seckill.kafka.codec;

import org.jspecify.annotations.NullMarked;

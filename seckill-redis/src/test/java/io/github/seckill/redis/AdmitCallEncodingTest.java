package io.github.seckill.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.seckill.admission.AdmissionRequest;
import io.github.seckill.shard.ShardPlan;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.CommandArgs;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The admission call's hand-written encoding is byte for byte what Lettuce's own {@link CommandArgs} writes for the
 * same arguments, as strings, in the layout {@link AdmitCall} documents.
 */
class AdmitCallEncodingTest {

    private static final byte[] SHA = "0123456789abcdef0123456789abcdef01234567".getBytes(StandardCharsets.US_ASCII);

    @Test
    void randomBatchesEncodeAsLettuceEncodesTheirArguments() {
        SplittableRandom random = new SplittableRandom(42);
        long[] edges = {0, 1, 9, 10, 99, 100, 999_999_999, 1_000_000_000, Long.MAX_VALUE, -1, -10, Long.MIN_VALUE};
        for (int round = 0; round < 300; round++) {
            int shards = 1 + random.nextInt(8);
            String[] tags = new String[shards];
            for (int i = 0; i < shards; i++) {
                tags[i] = "t" + i;
            }
            long activity = 1 + random.nextLong(Long.MAX_VALUE - 1);
            ShardLayout layout = new ShardLayout(activity, tags, new RedisKeys("enc" + round));
            List<AdmissionCoalescer.Pending> batch = new ArrayList<>();
            int attempts = 1 + random.nextInt(round % 10 == 0 ? 256 : 8);
            for (int a = 0; a < attempts; a++) {
                long user = random.nextInt(4) == 0 ? edges[random.nextInt(edges.length)] : random.nextLong();
                String requestId = random.nextInt(10) == 0 ? "kéy-" + a : "r-" + random.nextInt(1_000_000);
                int probe = random.nextInt(shards);
                ShardPlan plan = shards == 1 || random.nextBoolean() ? ShardPlan.probing(probe)
                        : ShardPlan.stealInto(probe, (probe + 1) % shards);
                long now = random.nextInt(4) == 0 ? edges[random.nextInt(edges.length)] : random.nextLong();
                AdmissionRequest r = new AdmissionRequest(activity, Math.max(1, Math.abs(user % 1_000_000_000_000L)),
                        requestId, random.nextLong(), 1 + random.nextInt(3), plan, now, now + 10_000,
                        Long.MAX_VALUE);
                batch.add(new AdmissionCoalescer.Pending(r, layout, random.nextBoolean()));
            }
            AdmitCall.Args args = new AdmitCall.Args(SHA, layout, batch);
            CommandArgs<String, String> reference = reference(layout, batch);
            assertThat(args.count()).as("arguments of round %d", round).isEqualTo(reference.count());
            assertThat(encoded(args)).as("round %d", round).isEqualTo(encoded(reference));
        }
    }

    @Test
    void digitCountsMatchTheDecimalForm() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            long v = switch (i % 4) {
                case 0 -> random.nextLong();
                case 1 -> random.nextLong(1_000);
                case 2 -> (long) Math.pow(10, random.nextInt(19)) - random.nextInt(2);
                default -> -random.nextLong(Long.MAX_VALUE);
            };
            assertThat(AdmitCall.digitCount(v)).as("digits of %d", v).isEqualTo(Long.toString(v).length());
        }
        assertThat(AdmitCall.digitCount(Long.MIN_VALUE)).isEqualTo(Long.toString(Long.MIN_VALUE).length());
        assertThat(AdmitCall.digitCount(Long.MAX_VALUE)).isEqualTo(19);
    }

    /** The same call's arguments as strings, through Lettuce. */
    private static CommandArgs<String, String> reference(ShardLayout layout, List<AdmissionCoalescer.Pending> batch) {
        CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8);
        args.add(new String(SHA, StandardCharsets.US_ASCII));
        byte[][] planKeys = layout.encodedPlanKeys();
        args.add(planKeys.length + batch.size());
        for (byte[] key : planKeys) {
            args.addKey(new String(key, StandardCharsets.UTF_8));
        }
        String userKeyStart = new String(layout.encodedUserKeyStart(), StandardCharsets.UTF_8);
        for (AdmissionCoalescer.Pending p : batch) {
            args.addKey(userKeyStart + p.request.userId());
        }
        args.add(ScriptOp.ADMIT.luaName()).add(layout.shards()).add(batch.size());
        for (AdmissionCoalescer.Pending p : batch) {
            AdmissionRequest r = p.request;
            args.add(Long.toString(r.userId())).add(r.requestId()).add(Long.toString(r.orderId()))
                    .add(Long.toString(r.quantity())).add(Long.toString(r.nowMillis()))
                    .add(Long.toString(r.expiresAtMillis()));
            ShardPlan plan = r.plan();
            args.add(Long.toString(plan.probeCount()));
            for (int i = 0; i < plan.probeCount(); i++) {
                args.add(Long.toString(plan.probe(i)));
            }
            args.add(Long.toString(plan.donorCount()));
            for (int i = 0; i < plan.donorCount(); i++) {
                args.add(Long.toString(plan.donor(i)));
            }
        }
        return args;
    }

    private static byte[] encoded(CommandArgs<String, String> args) {
        ByteBuf buf = Unpooled.buffer();
        args.encode(buf);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        buf.release();
        return bytes;
    }
}

package io.github.seckill.redis;

import io.github.seckill.shard.ShardPlan;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One {@code EVALSHA} of the script's {@code admit} operation for a batch of attempts: the arguments are written
 * straight from the requests into the connection's buffer (no string, no argument object per attempt), and the reply
 * is read into one {@code long[]} (no boxed number, no string per attempt).
 *
 * <p>The admit operation's argument layout lives here and only here (the script reads it in {@code admit()}):
 *
 * <pre>
 * KEYS: n stock keys, n order records, then one user slot per attempt
 * ARGV: 'admit', n, attempts, then per attempt:
 *       user, request, order, quantity, now, expires, probe count, probes..., donor count, donors...
 * </pre>
 *
 * and its reply, {@link #OUTCOME_SIZE} integers per attempt: outcome code, order id, then the take result
 * ({@link PlanArgs#TAKE_RESULT_SIZE}: shard, left, the empty and stocked masks as 32-bit halves).
 */
final class AdmitCall {

    /** Reply elements per attempt. */
    static final int OUTCOME_SIZE = 2 + PlanArgs.TAKE_RESULT_SIZE;
    /** ARGV elements before the first attempt's: the operation, n, attempts. */
    private static final int ARGV_HEAD = 3;
    /** ARGV elements of an attempt besides its probes and donors. */
    private static final int ARGV_PER_ATTEMPT = 8;
    private static final byte[] OPERATION = ScriptOp.ADMIT.luaName().getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRLF = {'\r', '\n'};

    private AdmitCall() {
    }

    /** The arguments of one call, encoded when Lettuce writes the command (and again if it re-sends it). */
    static final class Args extends CommandArgs<String, String> {

        private final byte[] sha;
        private final ShardLayout layout;
        private final List<AdmissionCoalescer.Pending> batch;
        private final int count;

        /**
         * @param sha the script's SHA-1, in ASCII
         * @param layout the activity of every attempt in the batch
         * @param batch the attempts, in the order the script decides them
         */
        Args(byte[] sha, ShardLayout layout, List<AdmissionCoalescer.Pending> batch) {
            super(StringCodec.UTF8);
            this.sha = sha;
            this.layout = layout;
            this.batch = batch;
            int n = 2 /* sha, numkeys */ + layout.encodedPlanKeys().length + batch.size() + ARGV_HEAD;
            for (AdmissionCoalescer.Pending p : batch) {
                ShardPlan plan = p.request.plan();
                n += ARGV_PER_ATTEMPT + plan.probeCount() + plan.donorCount();
            }
            this.count = n;
        }

        @Override
        public int count() {
            return count;
        }

        @Override
        public void encode(ByteBuf buf) {
            bulk(buf, sha);
            byte[][] planKeys = layout.encodedPlanKeys();
            bulk(buf, planKeys.length + batch.size());
            for (byte[] key : planKeys) {
                bulk(buf, key);
            }
            byte[] userKeyStart = layout.encodedUserKeyStart();
            for (AdmissionCoalescer.Pending p : batch) {
                long user = p.request.userId();
                buf.writeByte('$');
                digits(buf, userKeyStart.length + digitCount(user));
                buf.writeBytes(CRLF).writeBytes(userKeyStart);
                digits(buf, user);
                buf.writeBytes(CRLF);
            }
            bulk(buf, OPERATION);
            bulk(buf, layout.shards());
            bulk(buf, batch.size());
            for (AdmissionCoalescer.Pending p : batch) {
                var r = p.request;
                bulk(buf, r.userId());
                bulk(buf, r.requestId());
                bulk(buf, r.orderId());
                bulk(buf, r.quantity());
                bulk(buf, r.nowMillis());
                bulk(buf, r.expiresAtMillis());
                ShardPlan plan = r.plan();
                bulk(buf, plan.probeCount());
                for (int i = 0; i < plan.probeCount(); i++) {
                    bulk(buf, plan.probe(i));
                }
                bulk(buf, plan.donorCount());
                for (int i = 0; i < plan.donorCount(); i++) {
                    bulk(buf, plan.donor(i));
                }
            }
        }

        @Override
        public String toString() {
            return "admit " + batch.size() + " attempts of activity " + layout.activityId();
        }

        @Override
        public String toCommandString() {
            return toString();
        }

        @Override
        public ByteBuffer getFirstEncodedKey() {
            return ByteBuffer.wrap(layout.encodedPlanKeys()[0]);
        }
    }

    /** The reply of one call: every element an integer or a decimal string (order ids travel as strings). */
    static final class Reply extends CommandOutput<String, String, long[]> {

        private int next;

        /** @param attempts attempts in the call */
        Reply(int attempts) {
            super(StringCodec.UTF8, new long[attempts * OUTCOME_SIZE]);
        }

        @Override
        public void multi(int count) {
            if (count != output.length && next == 0) {
                output = new long[count]; // decode then finds the mismatch and fails the batch
            }
        }

        @Override
        public void set(long integer) {
            put(integer);
        }

        @Override
        public void set(ByteBuffer bytes) {
            put(bytes == null ? 0 : parse(bytes));
        }

        private void put(long value) {
            if (next < output.length) {
                output[next] = value;
            }
            next++;
        }

        /** @return elements the reply carried, which may differ from the array's length on a malformed reply */
        int received() {
            return next;
        }

        private static long parse(ByteBuffer bytes) {
            long value = 0;
            boolean negative = false;
            for (int i = bytes.position(); i < bytes.limit(); i++) {
                byte b = bytes.get(i);
                if (b == '-' && i == bytes.position()) {
                    negative = true;
                } else if (b >= '0' && b <= '9') {
                    value = value * 10 + (b - '0');
                } else {
                    throw new IllegalStateException("admit reply holds a non-numeric string");
                }
            }
            return negative ? -value : value;
        }
    }

    // RESP bulk strings, written without intermediate strings ----------------------------------------------------

    private static void bulk(ByteBuf buf, byte[] bytes) {
        buf.writeByte('$');
        digits(buf, bytes.length);
        buf.writeBytes(CRLF).writeBytes(bytes).writeBytes(CRLF);
    }

    private static void bulk(ByteBuf buf, long value) {
        buf.writeByte('$');
        digits(buf, digitCount(value));
        buf.writeBytes(CRLF);
        digits(buf, value);
        buf.writeBytes(CRLF);
    }

    /** A request id: ASCII as the engine checks it, any other text as UTF-8. */
    private static void bulk(ByteBuf buf, String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                bulk(buf, text.getBytes(StandardCharsets.UTF_8));
                return;
            }
        }
        buf.writeByte('$');
        digits(buf, text.length());
        buf.writeBytes(CRLF);
        buf.writeCharSequence(text, StandardCharsets.US_ASCII);
        buf.writeBytes(CRLF);
    }

    /** @return characters of the decimal form of {@code value} */
    static int digitCount(long value) {
        if (value < 0) {
            return value == Long.MIN_VALUE ? 20 : 1 + digitCount(-value);
        }
        int n = 1;
        for (long v = value; v >= 10; v /= 10) {
            n++;
        }
        return n;
    }

    /** Writes the decimal form of {@code value}. */
    static void digits(ByteBuf buf, long value) {
        if (value < 0) {
            if (value == Long.MIN_VALUE) {
                buf.writeCharSequence(Long.toString(value), StandardCharsets.US_ASCII);
                return;
            }
            buf.writeByte('-');
            value = -value;
        }
        int n = digitCount(value);
        int at = buf.writerIndex();
        buf.ensureWritable(n);
        for (int i = n - 1; i >= 0; i--) {
            buf.setByte(at + i, (int) ('0' + value % 10));
            value /= 10;
        }
        buf.writerIndex(at + n);
    }
}

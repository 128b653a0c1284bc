package io.github.seckill.benchmarks.ceiling;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An admission script as {@code redis-benchmark} calls it: its Lua source, the arguments that follow
 * {@code EVALSHA <sha>} (with {@code __rand_int__} wherever each call needs a new buyer), the keys it expects to
 * exist, and how many buyers one call decides.
 *
 * @param name short name, e.g. {@code one-buyer}
 * @param lua the script
 * @param arguments {@code numkeys}, keys and arguments, as redis-benchmark sends them
 * @param setup keys to {@code SET} before the run (stock that never runs out)
 * @param buyersPerCall buyers one call decides
 */
public record AdmissionScript(
        String name, String lua, List<String> arguments, Map<String, String> setup, int buyersPerCall) {

    /** Units of stock the ceilings load: more than any run can take. */
    static final String UNLIMITED_STOCK = "1000000000000";

    /**
     * seckill-redis' own script, {@code admit} operation, for one buyer per call on a one-shard activity: the
     * arguments the standalone gate sends for an attempt without coalescing.
     *
     * @param nowMillis the attempts' time (slots live until a day after it)
     * @return the script
     */
    public static AdmissionScript seckillOneBuyer(long nowMillis) {
        return seckillAdmit("seckill-one-buyer", 1, nowMillis);
    }

    /**
     * seckill-redis' own script, {@code admit} operation, deciding {@code buyers} buyers per call: the arguments the
     * standalone gate sends for a coalesced batch.
     *
     * @param buyers buyers per call
     * @param nowMillis the attempts' time
     * @return the script
     */
    public static AdmissionScript seckillBatch(int buyers, long nowMillis) {
        return seckillAdmit("seckill-batch-" + buyers, buyers, nowMillis);
    }

    /**
     * KEYS: the shard's stock and order records, then a slot per buyer. ARGV: admit, shards, buyers, then per buyer
     * the layout {@code AdmitCall} documents, with a new buyer and a new order id each: every buyer is admitted and
     * takes a unit, as the gate's calls in the admission benchmark do.
     */
    private static AdmissionScript seckillAdmit(String name, int buyers, long nowMillis) {
        String stock = "bench:1:stock:{1#0}";
        List<String> keys = new ArrayList<>(List.of(stock, "bench:1:orders:{1#0}"));
        List<String> args = new ArrayList<>(List.of("admit", "1", Integer.toString(buyers)));
        for (int i = 0; i < buyers; i++) {
            keys.add("bench:1:user:__rand_int__");
            // user, request, order, quantity, now, slot deadline, probes (shard 0), donors (none)
            args.addAll(List.of("__rand_int__", "r", "__rand_int__", "1", Long.toString(nowMillis),
                    Long.toString(nowMillis + 86_400_000L), "1", "0", "0"));
        }
        List<String> arguments = new ArrayList<>();
        arguments.add(Integer.toString(keys.size()));
        arguments.addAll(keys);
        arguments.addAll(args);
        return new AdmissionScript(name, classpath(SECKILL_SCRIPT), arguments, Map.of(stock, UNLIMITED_STOCK),
                buyers);
    }

    /** Where seckill-redis keeps its script. */
    static final String SECKILL_SCRIPT = "io/github/seckill/redis/seckill.lua";

    private static String classpath(String name) {
        try (InputStream in = AdmissionScript.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

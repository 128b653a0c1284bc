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
    private static final String SLOT_LIFETIME_MS = "600000";

    /** @return a hand-written dedupe-and-deduct script for one buyer per call */
    public static AdmissionScript standInOneBuyer() {
        return new AdmissionScript("one-buyer", resource("standin-admit.lua"),
                List.of("2", "bench:user:__rand_int__", "bench:stock:{0}", "__rand_int__", "1", SLOT_LIFETIME_MS),
                Map.of("bench:stock:{0}", UNLIMITED_STOCK), 1);
    }

    /**
     * @param buyers buyers per call
     * @return a hand-written dedupe-and-deduct script deciding {@code buyers} buyers per call
     */
    public static AdmissionScript standInBatch(int buyers) {
        List<String> arguments = new ArrayList<>(List.of("1", "bench:stock:{1}", "1", SLOT_LIFETIME_MS));
        for (int i = 0; i < buyers; i++) {
            arguments.add("__rand_int__");
        }
        return new AdmissionScript("batch-" + buyers, resource("standin-admit-batch.lua"), arguments,
                Map.of("bench:stock:{1}", UNLIMITED_STOCK), buyers);
    }

    private static String resource(String name) {
        try (InputStream in = AdmissionScript.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

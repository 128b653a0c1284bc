package io.github.seckill.example.backend;

import io.github.seckill.ActivityConfig;
import io.github.seckill.GiveBackPolicy;
import io.github.seckill.InvalidRequestException;
import io.github.seckill.shard.ShardStrategies;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The app's activities as every instance of a sale sees them: one instance creates an activity, the others find it
 * here and launch it on their own engine. The SDK needs nothing of this; it is how the app shares its configuration.
 */
public interface ActivityCatalog {

    /**
     * @param config a new activity
     * @return whether it was added ({@code false}: the id exists, nothing changed)
     */
    boolean add(ActivityConfig config);

    /**
     * @param activityId an activity
     * @return its configuration, if some instance added it
     */
    Optional<ActivityConfig> find(long activityId);

    /** @return every activity added */
    List<ActivityConfig> all();

    /** @return the configuration as one line: id, stock, window, timeout, shards, strategy, give-back, waitlist */
    static String encode(ActivityConfig c) {
        return String.join(",", Long.toString(c.activityId()), Long.toString(c.stock()), c.startsAt().toString(),
                c.endsAt().toString(), Long.toString(c.paymentTimeout().toMillis()), Integer.toString(c.shards()),
                c.strategy().name(), c.giveBack().name(), Integer.toString(c.waitlistCapacity()));
    }

    /** @return the configuration {@link #encode} wrote */
    static ActivityConfig decode(String line) {
        String[] f = line.split(",");
        if (f.length != 9) {
            throw new IllegalArgumentException("not an activity: " + line);
        }
        try {
            return ActivityConfig.builder(Long.parseLong(f[0])).stock(Long.parseLong(f[1]))
                    .window(Instant.parse(f[2]), Instant.parse(f[3]))
                    .paymentTimeout(Duration.ofMillis(Long.parseLong(f[4])))
                    .shards(Integer.parseInt(f[5])).strategy(ShardStrategies.byName(f[6]))
                    .giveBack(GiveBackPolicy.valueOf(f[7])).waitlist(Integer.parseInt(f[8]))
                    .giveBack(GiveBackPolicy.valueOf(f[7])).build();
        } catch (InvalidRequestException | DateTimeException e) {
            // values out of range, or not times: not a line this release wrote
            throw new IllegalArgumentException("not an activity: " + line, e);
        }
    }
}

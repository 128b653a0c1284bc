package io.github.seckill.redis;

import java.nio.charset.StandardCharsets;

/**
 * Where an activity's shards live: the stock key, the order records, the transit counts and the waitlist of each
 * shard, fixed by its first load.
 */
final class ShardLayout {

    private final long activityId;
    private final String[] tags;
    private final String[] stockKeys;
    private final String[] orderKeys;
    private final String[] transitKeys;
    private final String[] waitlistKeys;
    /** The stock keys, then the order records: the KEYS prefix of every whole-plan script call. */
    private final String[] planKeys;
    /** {@link #planKeys} and the start of every user slot key, in UTF-8, for the batched admission call. */
    private final byte[][] encodedPlanKeys;
    private final byte[] encodedUserKeyStart;

    ShardLayout(long activityId, String[] tags, RedisKeys keys) {
        this.activityId = activityId;
        this.tags = tags.clone();
        int n = tags.length;
        this.stockKeys = new String[n];
        this.orderKeys = new String[n];
        this.transitKeys = new String[n];
        this.waitlistKeys = new String[n];
        this.planKeys = new String[2 * n];
        for (int i = 0; i < n; i++) {
            stockKeys[i] = keys.stock(activityId, tags[i]);
            orderKeys[i] = keys.orders(activityId, tags[i]);
            transitKeys[i] = keys.transit(activityId, tags[i]);
            waitlistKeys[i] = keys.waitlist(activityId, tags[i]);
            planKeys[i] = stockKeys[i];
            planKeys[n + i] = orderKeys[i];
        }
        this.encodedPlanKeys = new byte[2 * n][];
        for (int i = 0; i < 2 * n; i++) {
            encodedPlanKeys[i] = planKeys[i].getBytes(StandardCharsets.UTF_8);
        }
        this.encodedUserKeyStart = keys.userKeyStart(activityId).getBytes(StandardCharsets.UTF_8);
    }

    /** @return the stock keys, then the order records, in UTF-8; not to be changed */
    byte[][] encodedPlanKeys() {
        return encodedPlanKeys;
    }

    /** @return the start of the activity's user slot keys, in UTF-8; not to be changed */
    byte[] encodedUserKeyStart() {
        return encodedUserKeyStart;
    }

    long activityId() {
        return activityId;
    }

    int shards() {
        return stockKeys.length;
    }

    String stockKey(int shard) {
        return stockKeys[shard];
    }

    String orderKey(int shard) {
        return orderKeys[shard];
    }

    String tag(int shard) {
        return tags[shard];
    }

    String transitKey(int shard) {
        return transitKeys[shard];
    }

    String waitlistKey(int shard) {
        return waitlistKeys[shard];
    }

    String[] stockKeys() {
        return stockKeys.clone();
    }

    /** @return every key of every shard */
    String[] allShardKeys() {
        return planKeysWith(transitKeys);
    }

    /**
     * @param extra keys to append
     * @return the stock keys, the order records, then {@code extra}
     */
    String[] planKeysWith(String... extra) {
        String[] all = new String[planKeys.length + extra.length];
        System.arraycopy(planKeys, 0, all, 0, planKeys.length);
        System.arraycopy(extra, 0, all, planKeys.length, extra.length);
        return all;
    }

    /** @return whether {@code shard} is one of the activity's shards */
    boolean has(int shard) {
        return shard >= 0 && shard < stockKeys.length;
    }

    @Override
    public String toString() {
        return "ShardLayout{activity=" + activityId + ", shards=" + stockKeys.length + '}';
    }
}

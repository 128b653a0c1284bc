package io.github.seckill.redis;

import java.util.List;

/**
 * The operations of {@code seckill.lua}, each named once with its argument layout. A call's ARGV is the operation's
 * name followed by its arguments; {@link #argv} checks their number, so a layout cannot drift from its callers.
 */
enum ScriptOp {
    /**
     * A batch of attempts. KEYS: n stock keys, n order records, then one user slot per attempt. ARGV: n, attempts,
     * then per attempt: user, request, order, quantity, now, expires, probe count, probes, donor count, donors.
     */
    ADMIT("admit", -1),
    /** KEYS: the user slot. ARGV: request, order, now, lease deadline. */
    CLAIM("claim", 4),
    /** KEYS: the user slot. ARGV: request, order, shard, quantity, now, expires. */
    CONFIRM("confirm", 6),
    /** KEYS: the user slot. ARGV: order. */
    RELEASE("release", 1),
    /** KEYS: the user slot. ARGV: now. */
    FIND("find", 1),
    /**
     * KEYS: n stock keys, n order records. ARGV: n, quantity, order, user, now, probe count, probes, donor count,
     * donors.
     */
    TAKE("take", -1),
    /** KEYS: stock, order records of one shard. ARGV: quantity, order, user, now. */
    TRY_TAKE("try_take", 4),
    /** KEYS: donor stock, donor transit, op key. ARGV: hold deadline, forget before (epoch seconds), op ttl. */
    SEND_HALF("send_half", 3),
    /** KEYS: target stock, target transit, op key. ARGV: units, hold deadline, forget before, op ttl. */
    RECEIVE("receive", 4),
    /** KEYS: stock, transit of one shard. ARGV: now. */
    UNITS("units", 1),
    /** KEYS: stock, order records of one shard. ARGV: order, restock channel, activity. */
    RESTORE("restore", 3),
    /** KEYS: stock, order records of one shard, the user slot. ARGV: order, restock channel, activity. */
    REVOKE("revoke", 3),
    /** KEYS: stock of one shard, op key. ARGV: units, restock channel, activity, op ttl. */
    ADD_STOCK("add_stock", 4),
    /** KEYS: stock of one shard, op key. ARGV: units, op ttl. */
    REMOVE_STOCK("remove_stock", 2),
    /** KEYS: meta, n stock keys, n order records. ARGV: n. */
    SNAPSHOT("snapshot", 1),
    /** KEYS: stock, order records, transit of one shard. ARGV: now. */
    SHARD_STATE("shard_state", 1),
    /** KEYS: stock, waitlist of one shard. ARGV: user, capacity of the shard, now, drop after. */
    WAIT_JOIN("wait_join", 4),
    /**
     * KEYS: stock, order records, waitlist of one shard. ARGV: order, now, until, restock channel, activity, then one
     * fresh order id per unit.
     */
    HAND_OVER("hand_over", -1),
    /** KEYS: the activity's meta. ARGV: tags, stocks (comma-separated). */
    LOAD("load", 2);

    private final String luaName;
    private final int arity;

    ScriptOp(String luaName, int arity) {
        this.luaName = luaName;
        this.arity = arity;
    }

    /**
     * @param args the operation's arguments, in its layout
     * @return the script's ARGV: the operation's name, then the arguments
     * @throws IllegalArgumentException if a fixed layout gets another number of arguments
     */
    String[] argv(String... args) {
        if (arity >= 0 && args.length != arity) {
            throw new IllegalArgumentException(luaName + " takes " + arity + " arguments, got " + args.length);
        }
        String[] argv = new String[args.length + 1];
        argv[0] = luaName;
        System.arraycopy(args, 0, argv, 1, args.length);
        return argv;
    }

    /**
     * @param args the operation's arguments, for the operations of variable length
     * @return the script's ARGV
     */
    String[] argv(List<String> args) {
        return argv(args.toArray(new String[0]));
    }

    /** @return the operation's name in the script */
    String luaName() {
        return luaName;
    }
}

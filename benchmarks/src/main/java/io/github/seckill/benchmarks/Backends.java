package io.github.seckill.benchmarks;

import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.ledger.StockLedger;
import java.util.Set;
import javax.sql.DataSource;

/**
 * seckill's network backends as the benchmarks build them on the run's servers. A backend whose module is not in this
 * build is reported missing; the runner leaves its configurations out rather than measure something else.
 */
public final class Backends {

    /** The seckill-redis module. */
    public static final String REDIS = "seckill-redis";
    /** The seckill-mysql module. */
    public static final String MYSQL = "seckill-mysql";
    /** The seckill-kafka module. */
    public static final String KAFKA = "seckill-kafka";

    private static final Set<String> IN_THIS_BUILD = Set.of();

    private Backends() {
    }

    /**
     * @param module {@link #REDIS}, {@link #MYSQL} or {@link #KAFKA}
     * @return whether this build has it
     */
    public static boolean available(String module) {
        return IN_THIS_BUILD.contains(module);
    }

    /**
     * @param redisUri the server
     * @param coalesced whether concurrent attempts share script calls
     * @return seckill's standalone-Redis admission gate
     */
    public static AdmissionGate redisGate(String redisUri, boolean coalesced) {
        throw missing(REDIS);
    }

    /**
     * @param dataSource an empty database
     * @return seckill's MySQL/MariaDB stock ledger, its tables created
     */
    public static StockLedger mysqlLedger(DataSource dataSource) {
        throw missing(MYSQL);
    }

    private static UnsupportedOperationException missing(String module) {
        return new UnsupportedOperationException(module + " is not in this build");
    }
}

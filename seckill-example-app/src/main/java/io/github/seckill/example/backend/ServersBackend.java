package io.github.seckill.example.backend;

import io.github.seckill.admission.AdmissionGate;
import io.github.seckill.admission.SharedShardBitmap;
import io.github.seckill.admission.Waitlist;
import io.github.seckill.lease.LeaseStore;
import io.github.seckill.ledger.StockLedger;
import io.github.seckill.queue.OrderQueue;
import io.github.seckill.status.OrderStatusFeed;
import io.github.seckill.testservers.KafkaBroker;
import io.github.seckill.testservers.MariaDbServer;
import io.github.seckill.testservers.RedisServer;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production pipeline on real servers started on loopback ports for the run: admission in Redis, the queue in a
 * KRaft Kafka broker, the ledger in MariaDB. Needs {@code redis-server} and {@code mariadbd} installed
 * ({@code scripts/setup.sh}); Kafka comes from the local Maven repository.
 */
public final class ServersBackend implements SaleBackend {

    private static final Logger LOG = LoggerFactory.getLogger(ServersBackend.class);

    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    private final RemoteBackend remote;
    private final String description;

    /** Starts the three servers; they stop with {@link #close()}. */
    public ServersBackend() {
        try {
            RedisServer redisServer = opened(RedisServer.builder().start());
            KafkaBroker broker = opened(KafkaBroker.builder().start());
            MariaDbServer db = opened(MariaDbServer.builder().start());
            remote = opened(new RemoteBackend(redisServer.uri(), broker.bootstrapServers(), db.jdbcUrl(), db.user(),
                    db.password()));
            description = "local servers: Redis " + redisServer.uri() + ", Kafka " + broker.bootstrapServers()
                    + ", MariaDB " + db.jdbcUrl();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private <T extends AutoCloseable> T opened(T resource) {
        opened.push(resource);
        return resource;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public AdmissionGate gate() {
        return remote.gate();
    }

    @Override
    public Waitlist waitlist() {
        return remote.waitlist();
    }

    @Override
    public SharedShardBitmap sharedShardBitmap() {
        return remote.sharedShardBitmap();
    }

    @Override
    public OrderStatusFeed statusFeed() {
        return remote.statusFeed();
    }

    @Override
    public OrderQueue queue() {
        return remote.queue();
    }

    @Override
    public StockLedger ledger() {
        return remote.ledger();
    }

    @Override
    public LeaseStore leases() {
        return remote.leases();
    }

    @Override
    public ActivityCatalog catalog() {
        return remote.catalog();
    }

    @Override
    public void close() {
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                LOG.warn("could not stop a server", e);
            }
        }
    }
}

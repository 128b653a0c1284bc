package io.github.seckill.mysql;

import io.github.seckill.lease.LeaseRequest;
import io.github.seckill.lease.LeaseStore;
import java.sql.PreparedStatement;
import java.util.Objects;

/**
 * {@link LeaseStore} on the ledger's database ({@code seckill_lease}): the lease survives an admission backend that
 * loses its data, which is when reconciliation matters most. Taking or renewing a lease is one guarded update, or an
 * insert when the lease was never taken; two instances racing for it cannot both win.
 */
final class MySqlLeaseStore implements LeaseStore {

    private final Transactor transactor;

    MySqlLeaseStore(Transactor transactor) {
        this.transactor = transactor;
    }

    @Override
    public boolean tryAcquire(LeaseRequest r) {
        return transactor.inTransaction("lease", c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE seckill_lease SET holder = ?, expires_at = ?"
                    + " WHERE name = ? AND (holder = ? OR expires_at <= ?)")) {
                s.setString(1, r.holder());
                s.setObject(2, Sql.utc(r.now().plus(r.ttl())));
                s.setString(3, r.name());
                s.setString(4, r.holder());
                s.setObject(5, Sql.utc(r.now()));
                if (s.executeUpdate() == 1) {
                    return true;
                }
            }
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT IGNORE INTO seckill_lease (name, holder, expires_at) VALUES (?, ?, ?)")) {
                s.setString(1, r.name());
                s.setString(2, r.holder());
                s.setObject(3, Sql.utc(r.now().plus(r.ttl())));
                return s.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void release(String name, String holder) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(holder, "holder");
        transactor.inTransaction("lease release", c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM seckill_lease WHERE name = ? AND holder = ?")) {
                s.setString(1, name);
                s.setString(2, holder);
                return s.executeUpdate();
            }
        });
    }

    @Override
    public String toString() {
        return "MySqlLeaseStore";
    }
}

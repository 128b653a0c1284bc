-- seckill stock ledger, version 2: what reconciliation and leases need. Runs on MySQL 8.0.16+ and MariaDB 10.6+;
-- a column or index that is there already (a run of this script interrupted before it was recorded) is skipped.

-- When admission (Redis) was first loaded for the activity: admission that holds no data for an activity it was
-- loaded for has lost it, and is rebuilt from the ledger rather than from the configured stock.
ALTER TABLE seckill_activity ADD COLUMN admission_loaded_at DATETIME(6) NULL;

-- Orders of an activity by id, a page at a time (rebuilding admission's slots, audits).
ALTER TABLE seckill_order ADD INDEX seckill_order_activity_ix (activity_id, order_id);
ALTER TABLE seckill_order_rejection ADD INDEX seckill_order_rejection_order_ix (activity_id, order_id);

-- Orders whose id collided with another buyer's order (two JVMs drew the same order id): the existing order is left
-- alone, and the buyer of this one reads it as failed.
CREATE TABLE IF NOT EXISTS seckill_order_conflict (
  order_id           BIGINT       NOT NULL,
  activity_id        BIGINT       NOT NULL,
  user_id            BIGINT       NOT NULL,
  quantity           INT          NOT NULL,
  shard              INT          NOT NULL,
  admitted_at_millis BIGINT       NOT NULL,
  created_at         DATETIME(6)  NOT NULL,
  PRIMARY KEY (order_id, user_id, activity_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Named leases shared by every instance: one reconciler per activity at a time, one JVM per order-id worker id.
CREATE TABLE IF NOT EXISTS seckill_lease (
  name       VARCHAR(128) NOT NULL,
  holder     VARCHAR(128) NOT NULL,
  expires_at DATETIME(6)  NOT NULL,
  PRIMARY KEY (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

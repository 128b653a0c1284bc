-- seckill stock ledger, version 1. Runs on MySQL 8.0.16+ and MariaDB 10.6+ (both enforce CHECK constraints).
-- Times are UTC, written by the application's clock. Statements end with ';' at the end of a line.
-- There are deliberately no foreign keys: inserting an order would take a shared lock on its activity row,
-- the hot row every order updates, and turn contention into deadlocks.

-- One row per activity: every unit is in exactly one of available, locked (waiting for payment) or sold.
CREATE TABLE IF NOT EXISTS seckill_activity (
  activity_id             BIGINT        NOT NULL,
  sku_id                  BIGINT        NOT NULL,
  total_stock             BIGINT        NOT NULL,
  available               BIGINT        NOT NULL,
  locked                  BIGINT        NOT NULL DEFAULT 0,
  sold                    BIGINT        NOT NULL DEFAULT 0,
  starts_at               DATETIME(6)   NOT NULL,
  ends_at                 DATETIME(6)   NOT NULL,
  payment_timeout_seconds DECIMAL(15,3) NOT NULL,
  created_at              DATETIME(6)   NOT NULL,
  updated_at              DATETIME(6)   NOT NULL,
  PRIMARY KEY (activity_id),
  CONSTRAINT seckill_activity_available_ck CHECK (available >= 0),
  CONSTRAINT seckill_activity_locked_ck CHECK (locked >= 0),
  CONSTRAINT seckill_activity_sold_ck CHECK (sold >= 0),
  CONSTRAINT seckill_activity_balance_ck CHECK (available + locked + sold = total_stock),
  CONSTRAINT seckill_activity_window_ck CHECK (ends_at > starts_at),
  CONSTRAINT seckill_activity_timeout_ck CHECK (payment_timeout_seconds > 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- One row per (activity, user): the order that holds the user's one slot, whatever became of it.
CREATE TABLE IF NOT EXISTS seckill_order (
  order_id           BIGINT       NOT NULL,
  activity_id        BIGINT       NOT NULL,
  user_id            BIGINT       NOT NULL,
  quantity           INT          NOT NULL,
  shard              INT          NOT NULL,
  status             VARCHAR(20)  NOT NULL,
  failure_reason     VARCHAR(255) NULL,
  admitted_at_millis BIGINT       NOT NULL,
  created_at         DATETIME(6)  NOT NULL,
  updated_at         DATETIME(6)  NOT NULL,
  PRIMARY KEY (order_id),
  CONSTRAINT seckill_order_activity_user_uk UNIQUE (activity_id, user_id),
  -- the timeout sweep (pending orders of an activity, oldest first) and countOrders
  INDEX seckill_order_sweep_ix (activity_id, status, created_at),
  CONSTRAINT seckill_order_quantity_ck CHECK (quantity >= 1),
  CONSTRAINT seckill_order_status_ck CHECK (status IN
    ('PENDING_PAYMENT', 'PAID', 'SOLD_OUT', 'CLOSED', 'FAILED', 'REFUND_REQUIRED'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Orders the ledger turned away that cannot hold a slot in seckill_order: a second order of a user
-- (DUPLICATE_USER), an order of an unknown activity (UNKNOWN_ACTIVITY), or a dead letter of a user whose
-- slot is taken. They stay findable by order id; a payment for one is recorded REFUND_REQUIRED.
CREATE TABLE IF NOT EXISTS seckill_order_rejection (
  order_id           BIGINT       NOT NULL,
  activity_id        BIGINT       NOT NULL,
  user_id            BIGINT       NOT NULL,
  quantity           INT          NOT NULL,
  shard              INT          NOT NULL,
  status             VARCHAR(20)  NOT NULL,
  reason             VARCHAR(255) NOT NULL,
  admitted_at_millis BIGINT       NOT NULL,
  created_at         DATETIME(6)  NOT NULL,
  updated_at         DATETIME(6)  NOT NULL,
  PRIMARY KEY (order_id),
  INDEX seckill_order_rejection_activity_ix (activity_id, status),
  CONSTRAINT seckill_order_rejection_status_ck CHECK (status IN ('FAILED', 'REFUND_REQUIRED'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

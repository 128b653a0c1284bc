-- The stock ledger's two hot tables, shaped as seckill-mysql creates them, for the mariadb-slap ceilings.
CREATE TABLE seckill_activity (
  activity_id             BIGINT        NOT NULL,
  sku_id                  BIGINT        NOT NULL,
  total_stock             BIGINT        NOT NULL,
  available               BIGINT        NOT NULL,
  locked                  BIGINT        NOT NULL DEFAULT 0,
  sold                    BIGINT        NOT NULL DEFAULT 0,
  starts_at               DATETIME(6)   NOT NULL,
  ends_at                 DATETIME(6)   NOT NULL,
  payment_timeout_seconds DECIMAL(12,3) NOT NULL,
  created_at              DATETIME(6)   NOT NULL,
  updated_at              DATETIME(6)   NOT NULL,
  PRIMARY KEY (activity_id),
  CONSTRAINT seckill_activity_available_ck CHECK (available >= 0),
  CONSTRAINT seckill_activity_balance_ck CHECK (available + locked + sold = total_stock)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE seckill_order (
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
  INDEX seckill_order_sweep_ix (activity_id, status, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

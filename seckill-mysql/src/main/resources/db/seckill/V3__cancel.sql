-- seckill stock ledger, version 3: cancelled orders. Runs on MySQL 8.0.19+ and MariaDB 10.6+.

-- A buyer's or an operator's cancel before payment ends an order CANCELLED, its reason in failure_reason. One
-- statement drops and re-adds the check, so a run interrupted before it was recorded simply runs again.
ALTER TABLE seckill_order
  DROP CONSTRAINT seckill_order_status_ck,
  ADD CONSTRAINT seckill_order_status_ck CHECK (status IN
    ('PENDING_PAYMENT', 'PAID', 'SOLD_OUT', 'CLOSED', 'FAILED', 'REFUND_REQUIRED', 'CANCELLED'));

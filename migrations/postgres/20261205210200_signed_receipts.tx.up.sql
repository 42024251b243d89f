-- The signed-receipt return service (签回单) on orders, and when the receipt came back.
ALTER TABLE orders ADD COLUMN receipt_return BOOLEAN NOT NULL DEFAULT FALSE;
--bun:split
ALTER TABLE orders ADD COLUMN receipt_received_at TIMESTAMPTZ;

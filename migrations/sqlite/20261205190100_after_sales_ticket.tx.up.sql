-- A shipped order's change or cancellation is handed to after-sales as a ticket; the
-- history entry that records the hand-over links to it.
ALTER TABLE order_history ADD COLUMN ticket_id TEXT REFERENCES tickets (id);

-- Name search stays flat with data on SQLite too (issue 21, item 0). PostgreSQL serves
-- name fragments of three characters or more with trigram GIN indexes (migration
-- 20261207053000); SQLite gets the same from an FTS5 table with the trigram tokenizer
-- (substring matching, case-insensitive as LIKE is).
--
-- The index is contentless (no second copy of the names is stored, only the index) with
-- deletes allowed. Its rows cannot point at the orders' rowids: `orders` has text keys, so
-- VACUUM may renumber its rowids. orders_name_keys gives each order a stable integer key
-- (an INTEGER PRIMARY KEY, which VACUUM keeps) and the index uses that key as its rowid.
--
-- Triggers keep both in step with every insert, delete and change of a name; tracking
-- updates change other columns and do not fire them. A later migration that rebuilds the
-- orders table must recreate these triggers.
CREATE TABLE orders_name_keys (
    k        INTEGER PRIMARY KEY,
    order_id TEXT NOT NULL UNIQUE
);
--bun:split
CREATE VIRTUAL TABLE orders_name_fts USING fts5(consignor_name, consignee_name, content = '', contentless_delete = 1, tokenize = 'trigram');
--bun:split
INSERT INTO orders_name_keys (order_id) SELECT id FROM orders ORDER BY id;
--bun:split
INSERT INTO orders_name_fts (rowid, consignor_name, consignee_name)
SELECT k.k, o.consignor_name, o.consignee_name FROM orders o JOIN orders_name_keys k ON k.order_id = o.id;
--bun:split
CREATE TRIGGER orders_name_fts_insert AFTER INSERT ON orders BEGIN
  INSERT INTO orders_name_keys (order_id) VALUES (new.id);
  INSERT INTO orders_name_fts (rowid, consignor_name, consignee_name)
  VALUES ((SELECT k FROM orders_name_keys WHERE order_id = new.id), new.consignor_name, new.consignee_name);
END;
--bun:split
CREATE TRIGGER orders_name_fts_delete AFTER DELETE ON orders BEGIN
  DELETE FROM orders_name_fts WHERE rowid = (SELECT k FROM orders_name_keys WHERE order_id = old.id);
  DELETE FROM orders_name_keys WHERE order_id = old.id;
END;
--bun:split
CREATE TRIGGER orders_name_fts_update AFTER UPDATE OF consignor_name, consignee_name ON orders BEGIN
  DELETE FROM orders_name_fts WHERE rowid = (SELECT k FROM orders_name_keys WHERE order_id = new.id);
  INSERT INTO orders_name_fts (rowid, consignor_name, consignee_name)
  VALUES ((SELECT k FROM orders_name_keys WHERE order_id = new.id), new.consignor_name, new.consignee_name);
END;

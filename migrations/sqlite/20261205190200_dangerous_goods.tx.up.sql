-- The catalogue of prohibited and restricted items (《禁止寄递物品管理规定》) an
-- organisation checks goods against, with synonyms; administrators edit it. Each
-- organisation gets the national defaults on first use (dangerous_goods_catalogues marks
-- that), so an entry an administrator deleted does not come back.
CREATE TABLE dangerous_goods (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES org_units (id),
    category    TEXT NOT NULL,
    name        TEXT NOT NULL,
    synonyms    TEXT NOT NULL,
    handling    TEXT NOT NULL CHECK (handling IN ('PROHIBITED', 'RESTRICTED')),
    rule        TEXT NOT NULL,
    version     INTEGER NOT NULL,
    updated_by  TEXT REFERENCES staff (id),
    updated_at  TIMESTAMP NOT NULL
);
--bun:split
CREATE UNIQUE INDEX dangerous_goods_org_name_idx ON dangerous_goods (org_id, name);
--bun:split
CREATE TABLE dangerous_goods_catalogues (
    org_id     TEXT PRIMARY KEY REFERENCES org_units (id),
    loaded_at  TIMESTAMP NOT NULL
);
--bun:split
-- A restricted item named in an order's goods: the verification step must look at it.
ALTER TABLE orders ADD COLUMN goods_flag TEXT NOT NULL DEFAULT '';

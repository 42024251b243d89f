-- The photos proving a quality claim, as uploaded photos rather than free-form references
-- (order_returns.photo_refs keeps those of returns opened before). photo_id names a
-- media_photos row; there is no foreign key because that table's migration sorts after
-- this one on a fresh database. order.OpenReturn checks every id with media.OwnPhotos in
-- the same transaction, and photos are never deleted.
CREATE TABLE order_return_photos (
    return_id  TEXT NOT NULL REFERENCES order_returns (id),
    photo_id   TEXT NOT NULL,
    position   INTEGER NOT NULL,
    PRIMARY KEY (return_id, photo_id)
);

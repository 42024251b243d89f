-- Organisational reach (issue 13). A manager runs one unit of the tree and reaches every
-- depot under it; a partner client is assigned a unit (the depot its API orders go to, or
-- the units a registered scanner or hub scans in).
ALTER TABLE staff ADD COLUMN managed_unit_id TEXT REFERENCES org_units (id);
--bun:split
ALTER TABLE partner_clients ADD COLUMN org_unit_id TEXT REFERENCES org_units (id);
--bun:split
-- The audit of personal-data reveals is read by depot (supervisors, managers within
-- reach), by who revealed, and by record: the depot of the record and the party revealed
-- get their own columns instead of living inside the reason.
ALTER TABLE audit_entries ADD COLUMN depot_id TEXT REFERENCES org_units (id);
--bun:split
ALTER TABLE audit_entries ADD COLUMN party TEXT NOT NULL DEFAULT '';
--bun:split
UPDATE audit_entries SET depot_id = (SELECT o.depot_id FROM orders o WHERE o.id = audit_entries.subject_id)
WHERE subject_type = 'Order';
--bun:split
UPDATE audit_entries SET depot_id = (SELECT s.depot_id FROM staff s WHERE s.id = audit_entries.subject_id)
WHERE subject_type = 'Staff';
--bun:split
UPDATE audit_entries SET party = substr(reason, 1, 9), reason = substr(reason, 12)
WHERE action = 'order.contact.reveal' AND (reason LIKE 'CONSIGNOR: %' OR reason LIKE 'CONSIGNEE: %');
--bun:split
CREATE INDEX audit_entries_depot_idx ON audit_entries (depot_id, created_at);
--bun:split
CREATE INDEX audit_entries_actor_idx ON audit_entries (actor_id, created_at);
--bun:split
-- A notice goes to everyone under one unit: a depot, or a manager's or an admin's whole
-- unit. Notices "for everyone" so far go to the publisher's organisation.
ALTER TABLE notices ADD COLUMN audience_unit_id TEXT REFERENCES org_units (id);
--bun:split
UPDATE notices SET audience_unit_id = depot_id WHERE depot_id IS NOT NULL;
--bun:split
UPDATE notices SET audience_unit_id = (
    SELECT COALESCE(u5.id, u4.id, u3.id, u2.id, u1.id, u0.id)
    FROM staff s
    JOIN org_units u0 ON u0.id = s.depot_id
    LEFT JOIN org_units u1 ON u1.id = u0.parent_id
    LEFT JOIN org_units u2 ON u2.id = u1.parent_id
    LEFT JOIN org_units u3 ON u3.id = u2.parent_id
    LEFT JOIN org_units u4 ON u4.id = u3.parent_id
    LEFT JOIN org_units u5 ON u5.id = u4.parent_id
    WHERE s.id = notices.published_by)
WHERE depot_id IS NULL;
--bun:split
CREATE INDEX notices_audience_idx ON notices (audience_unit_id, published_at);
--bun:split
-- A swap whose every supervisor is a party to it goes up to the managers of this unit.
ALTER TABLE shift_swaps ADD COLUMN approver_unit_id TEXT REFERENCES org_units (id);

-- Roles as rows: a staff member holds each role once (staff_roles), replacing the
-- comma-separated staff.roles column that queries matched with LIKE. "Who holds this
-- role" is an index look-up (staff_roles_role_idx).
CREATE TABLE staff_roles (
    staff_id  TEXT NOT NULL REFERENCES staff (id),
    role      TEXT NOT NULL CHECK (role IN ('AGENT', 'SUPERVISOR', 'MANAGER', 'VERIFIER', 'ADMIN')),
    PRIMARY KEY (staff_id, role)
);
--bun:split
CREATE INDEX staff_roles_role_idx ON staff_roles (role, staff_id);
--bun:split
INSERT INTO staff_roles (staff_id, role)
SELECT s.id, r.role
FROM staff s
JOIN (SELECT 'AGENT' AS role UNION ALL SELECT 'SUPERVISOR' UNION ALL SELECT 'MANAGER'
      UNION ALL SELECT 'VERIFIER' UNION ALL SELECT 'ADMIN') r
  ON (',' || s.roles || ',') LIKE '%,' || r.role || ',%';
--bun:split
ALTER TABLE staff DROP COLUMN roles;

-- The login throttle (identity.LoginPolicy): failures counted per employee number as
-- typed ("no:<number>") and per client address and number ("at:<network>|<number>"),
-- each with the time its wait ends and the time it is forgotten. It replaces the lock on
-- the staff row, which anyone could set off and which told who exists.
CREATE TABLE login_attempts (
    key             TEXT PRIMARY KEY,
    failures        INTEGER NOT NULL,
    last_failed_at  TIMESTAMPTZ NOT NULL,
    blocked_until   TIMESTAMPTZ NOT NULL,
    forget_at       TIMESTAMPTZ NOT NULL
);
--bun:split
CREATE INDEX login_attempts_forget_idx ON login_attempts (forget_at);
--bun:split
ALTER TABLE staff DROP COLUMN failed_logins;
--bun:split
ALTER TABLE staff DROP COLUMN locked_until;

-- The token that replaced this one on refresh: lets a retried refresh whose answer was lost
-- be told apart from a stolen token being replayed.
ALTER TABLE refresh_tokens ADD COLUMN replaced_by TEXT;

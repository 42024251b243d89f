-- A calendar day loaded before the State Council publishes the year's arrangement is
-- provisional: the statutory lunar holidays of 2027 are known, their 调休 days are not.
-- Setting a day by hand (setHoliday) confirms it.
ALTER TABLE holiday_days ADD COLUMN provisional BOOLEAN NOT NULL DEFAULT FALSE;
--bun:split
-- Organisations set up before this migration get the provisional 2027 lunar holidays
-- too (new organisations get them from the defaults in internal/roster); a day already
-- edited by an administrator is left alone.
WITH d(day, name) AS (VALUES
    ('2027-02-05', '春节'), ('2027-02-06', '春节'), ('2027-02-07', '春节'), ('2027-02-08', '春节'),
    ('2027-04-05', '清明节'), ('2027-06-09', '端午节'), ('2027-09-15', '中秋节'))
INSERT INTO holiday_days (id, org_id, day, kind, name, provisional, updated_at)
SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6))), s.org_id, d.day, 'HOLIDAY', d.name, TRUE, strftime('%Y-%m-%d %H:%M:%f+00:00', 'now')
FROM roster_settings s CROSS JOIN d
WHERE TRUE
ON CONFLICT (org_id, day) DO NOTHING;

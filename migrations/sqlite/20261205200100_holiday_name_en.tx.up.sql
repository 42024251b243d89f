-- Holidays get an English name, so English messages (holiday-duty refusals) do not quote
-- the Chinese one; the default calendar's days are named here, days set by hand keep ''.
ALTER TABLE holiday_days ADD COLUMN name_en TEXT NOT NULL DEFAULT '';
--bun:split
UPDATE holiday_days SET name_en = CASE name
    WHEN '元旦' THEN 'New Year''s Day'
    WHEN '春节' THEN 'Spring Festival'
    WHEN '清明节' THEN 'Qingming Festival'
    WHEN '劳动节' THEN 'Labour Day'
    WHEN '端午节' THEN 'Dragon Boat Festival'
    WHEN '中秋节' THEN 'Mid-Autumn Festival'
    WHEN '国庆节' THEN 'National Day'
    WHEN '元旦调休上班' THEN 'Working day (New Year''s Day adjustment)'
    WHEN '春节调休上班' THEN 'Working day (Spring Festival adjustment)'
    WHEN '劳动节调休上班' THEN 'Working day (Labour Day adjustment)'
    WHEN '国庆节调休上班' THEN 'Working day (National Day adjustment)'
    ELSE '' END;

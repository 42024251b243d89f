-- A roster notification's subject is the roster as the API names it (DutyRoster), so
-- node(id: subjectId) opens it; notifications written before read the same way.
UPDATE roster_notifications SET subject_type = 'DutyRoster' WHERE subject_type = 'Roster';

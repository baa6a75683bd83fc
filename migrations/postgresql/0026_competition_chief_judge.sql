-- 0026: one chief judge (裁判长) per competition event (issue 13 review).
-- app_comp_appoint() checks it under the event's row lock; the index keeps
-- it whatever writes the table.
CREATE UNIQUE INDEX competition_judge_chief ON competition_judge (event_id)
    WHERE role = 'chief_judge';

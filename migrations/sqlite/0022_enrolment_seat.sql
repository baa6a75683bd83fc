-- 0022: a candidate's seat in their room (座位号, issue 12), printed on the
-- admission ticket. Given at enrolment: one more than the room's last
-- seat in the plan, so a withdrawal leaves its seat empty and no one
-- moves. Enrolments already seated take their order in the room.
ALTER TABLE enrolment ADD COLUMN seat INTEGER;
UPDATE enrolment SET seat = (SELECT COUNT(*) FROM enrolment e2
                             WHERE e2.plan_id = enrolment.plan_id
                               AND e2.room_id = enrolment.room_id
                               AND e2.id <= enrolment.id)
 WHERE room_id IS NOT NULL;
CREATE UNIQUE INDEX enrolment_seat ON enrolment (plan_id, room_id, seat);

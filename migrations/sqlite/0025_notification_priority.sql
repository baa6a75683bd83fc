-- 0025: the order of the outgoing queue (issue 12 review). A message's
-- priority is set when it is queued: 0 for an account's own messages (a
-- password reset link, "your address was changed"), which must not wait
-- behind a batch; 1 for the rest (subsidy reminders, messages queued by
-- hand). The sender takes the due messages by priority, then oldest first.
ALTER TABLE notification ADD COLUMN priority INTEGER NOT NULL DEFAULT 1;

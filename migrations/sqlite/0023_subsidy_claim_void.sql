-- 0023: a subsidy claim recorded by mistake is voided, never deleted
-- (issue 12): who voided it, when and why; a voided claim is listed,
-- marked, and no longer counted by the evaluator.
ALTER TABLE subsidy_claim ADD COLUMN voided_at TEXT;
ALTER TABLE subsidy_claim ADD COLUMN voided_by TEXT;
ALTER TABLE subsidy_claim ADD COLUMN void_reason TEXT;

-- 0011: reserved for another branch of issue 10 (branch audit only; the
-- merge replaces this file with the real 0011).
SELECT 1;

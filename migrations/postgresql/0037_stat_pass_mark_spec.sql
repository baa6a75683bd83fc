-- 0037: the pass marks the figures count components with, per plan kind:
-- a plan under a post-skill specification (plan.post_spec_id, 0034) is
-- scored with the specification's marks (post_spec_apply), so the marks
-- are keyed by the standard AND the specification (0 = none). The table
-- is derived (rewritten at every refresh): dropped and made again.
DROP TABLE stat_pass_mark;
CREATE TABLE stat_pass_mark (
    standard_id  BIGINT NOT NULL,
    post_spec_id BIGINT NOT NULL DEFAULT 0,
    level        INTEGER NOT NULL,
    component    TEXT NOT NULL,
    tenths       INTEGER NOT NULL,
    PRIMARY KEY (standard_id, post_spec_id, level, component)
);

-- 0028: the promotions (竞赛获奖晋级) the center decides (issue 13): each
-- contestant of an entry approved, with the certificate issued through the
-- competition route, or rejected with a reason. The levels are as shown
-- when decided (0: none), with the outcome that gave them. One decision per contestant of an entry.
CREATE TABLE competition_promotion (
    id             INTEGER PRIMARY KEY,
    competition_id INTEGER NOT NULL REFERENCES competition (id),
    event_id       INTEGER NOT NULL REFERENCES competition_event (id),
    entry_id       INTEGER NOT NULL REFERENCES competition_entry (id),
    person_id      INTEGER NOT NULL REFERENCES person (id),
    from_level     INTEGER NOT NULL,
    to_level       INTEGER NOT NULL,
    rule_index     INTEGER NOT NULL,
    outcome        TEXT NOT NULL,  -- comp_promo_name(): to, up, already_up …
    status         TEXT NOT NULL,  -- approved, rejected
    reason         TEXT NOT NULL,
    certificate_id INTEGER REFERENCES certificate (id),
    decided_by     TEXT NOT NULL,
    decided_at     TEXT NOT NULL,
    UNIQUE (entry_id, person_id)
);
CREATE INDEX competition_promotion_competition ON competition_promotion (competition_id);
CREATE UNIQUE INDEX competition_promotion_certificate ON competition_promotion (certificate_id);

-- 0027: award certificates (获奖证书, issue 13). An award certificate is a
-- row of certificate with line 'award' and level 0; its competition facts
-- live here. supersedes: the award certificate this one replaced (NULL for
-- the first issued), so that an entry's member has one award certificate
-- before its successors, whatever writes the table.
CREATE TABLE certificate_award (
    certificate_id INTEGER PRIMARY KEY REFERENCES certificate (id),
    competition_id INTEGER NOT NULL REFERENCES competition (id),
    event_id       INTEGER NOT NULL REFERENCES competition_event (id),
    entry_id       INTEGER NOT NULL REFERENCES competition_entry (id),
    person_id      INTEGER NOT NULL REFERENCES person (id),
    award          TEXT NOT NULL,  -- gold, silver, bronze, excellence
    place          INTEGER NOT NULL,
    entrants       INTEGER NOT NULL,
    titles         TEXT NOT NULL,  -- comma list of title codes, or ''
    squad          INTEGER NOT NULL,
    total          INTEGER NOT NULL,  -- hundredths of 100
    standardised   INTEGER NOT NULL,
    supersedes     INTEGER REFERENCES certificate (id)
);
CREATE UNIQUE INDEX certificate_award_member ON certificate_award (entry_id, person_id)
    WHERE supersedes IS NULL;
CREATE INDEX certificate_award_competition ON certificate_award (competition_id);

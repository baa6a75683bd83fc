-- 0030: annual commendations (表彰, issue 14): a campaign per year with its
-- rules document (categories, eligibility, default quotas: commendations/
-- *.json or an uploaded one, versioned as a competition's technical
-- document), its quotas, the nominations institutions make (a collective:
-- an institution; or a person) with their attachments and the figures the
-- registry filled in, the branch centers' endorsements, the review panel,
-- its rounds and votes, the public notice's objections, and the honour
-- certificates (荣誉证书: certificates of line 'honour', their facts in
-- certificate_honour).
CREATE TABLE commendation_campaign (
    id             INTEGER PRIMARY KEY,
    year           INTEGER NOT NULL,  -- the year commended (2020)
    title          TEXT NOT NULL,
    status         TEXT NOT NULL,     -- draft, nominating, reviewing, notice, decided
    nominate_until TEXT NOT NULL DEFAULT '',  -- the timetable (dates)
    review_until   TEXT NOT NULL DEFAULT '',
    notice_days    INTEGER NOT NULL DEFAULT 5,
    notice_start   TEXT,
    notice_end     TEXT,
    decision_no    TEXT NOT NULL DEFAULT '',  -- 表彰决定's document number
    decision_date  TEXT,
    signatory      TEXT NOT NULL DEFAULT '',
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE UNIQUE INDEX commendation_campaign_title ON commendation_campaign (year, title);

-- the rules in force: the latest version (a new one only while a draft)
CREATE TABLE commendation_rules (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES commendation_campaign (id),
    version     INTEGER NOT NULL,
    code        TEXT NOT NULL,   -- an embedded document's name, or 'uploaded'
    body        TEXT NOT NULL,
    digest      TEXT NOT NULL,   -- SHA-256 of body, hex
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    UNIQUE (campaign_id, version)
);

-- quotas per category: scope 'all' (key ''), 'branch' (key: the branch
-- center's institution id) or 'province' (key: the province code)
CREATE TABLE commendation_quota (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES commendation_campaign (id),
    category    TEXT NOT NULL,
    scope       TEXT NOT NULL,
    scope_key   TEXT NOT NULL DEFAULT '',
    quota       INTEGER NOT NULL,
    UNIQUE (campaign_id, category, scope, scope_key)
);

-- a nomination: a collective (institution_id, person_id NULL) or a person
-- (person_id, institution_id: the institution on whose staff they are),
-- made by nominated_by; endorsed by its branch center (branch_id) when the
-- nominating institution has one. status: submitted, returned, endorsed,
-- withdrawn (before review); proposed, not_proposed (the panel's tally);
-- dropped (an objection upheld), commended (the decision).
CREATE TABLE commendation_nomination (
    id              INTEGER PRIMARY KEY,
    campaign_id     INTEGER NOT NULL REFERENCES commendation_campaign (id),
    category        TEXT NOT NULL,
    institution_id  INTEGER NOT NULL REFERENCES institution (id),
    person_id       INTEGER REFERENCES person (id),
    nominated_by    INTEGER NOT NULL REFERENCES institution (id),
    branch_id       INTEGER REFERENCES institution (id),
    achievements    TEXT NOT NULL,
    figures         TEXT NOT NULL DEFAULT '{}',  -- JSON, filled in at submission
    status          TEXT NOT NULL,
    status_reason   TEXT NOT NULL DEFAULT '',    -- a return's, a drop's
    endorsed_by     TEXT NOT NULL DEFAULT '',
    endorsed_at     TEXT,
    rank            INTEGER,                     -- in its category, by the tally
    score           INTEGER,                     -- the tally's mean, hundredths
    override_note   TEXT NOT NULL DEFAULT '',    -- a tie or an override decided, why
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX commendation_nomination_campaign ON commendation_nomination (campaign_id, category);
CREATE INDEX commendation_nomination_by ON commendation_nomination (nominated_by);
-- a nominee once per campaign and category while live
CREATE UNIQUE INDEX commendation_nomination_collective
    ON commendation_nomination (campaign_id, category, institution_id)
    WHERE person_id IS NULL AND status <> 'withdrawn';
CREATE UNIQUE INDEX commendation_nomination_person
    ON commendation_nomination (campaign_id, category, person_id)
    WHERE person_id IS NOT NULL AND status <> 'withdrawn';

-- attachments (PDF, JPEG, PNG), base64 as the photos and seals are
CREATE TABLE commendation_attachment (
    id            INTEGER PRIMARY KEY,
    nomination_id INTEGER NOT NULL REFERENCES commendation_nomination (id),
    filename      TEXT NOT NULL,
    mime          TEXT NOT NULL,
    size          INTEGER NOT NULL,
    digest        TEXT NOT NULL,
    data          TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX commendation_attachment_nomination ON commendation_attachment (nomination_id);

-- the review panel: people of the registry (as judges are), a recusal
-- overridden only with a recorded reason
CREATE TABLE commendation_reviewer (
    id            INTEGER PRIMARY KEY,
    campaign_id   INTEGER NOT NULL REFERENCES commendation_campaign (id),
    person_id     INTEGER NOT NULL REFERENCES person (id),
    override_note TEXT NOT NULL DEFAULT '',
    overridden_by TEXT NOT NULL DEFAULT '',
    appointed_by  TEXT NOT NULL,
    appointed_at  TEXT NOT NULL,
    UNIQUE (campaign_id, person_id)
);

-- review rounds: 'score' (0-100) or 'vote' (for or against)
CREATE TABLE commendation_round (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES commendation_campaign (id),
    seq         INTEGER NOT NULL,
    method      TEXT NOT NULL,
    status      TEXT NOT NULL,   -- open, closed
    opened_at   TEXT NOT NULL,
    closed_at   TEXT,
    UNIQUE (campaign_id, seq)
);

-- a reviewer's score or vote on a nomination in a round (value: 0-100 for
-- a score, 1 for or 0 against in a vote); who entered it (the reviewer's
-- own account, or staff for them)
CREATE TABLE commendation_vote (
    round_id      INTEGER NOT NULL REFERENCES commendation_round (id),
    nomination_id INTEGER NOT NULL REFERENCES commendation_nomination (id),
    reviewer_id   INTEGER NOT NULL REFERENCES commendation_reviewer (id),
    value         INTEGER NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    entered_by    TEXT NOT NULL,
    entered_at    TEXT NOT NULL,
    PRIMARY KEY (round_id, nomination_id, reviewer_id)
);

-- objections to the proposed list during its public notice
CREATE TABLE commendation_objection (
    id            INTEGER PRIMARY KEY,
    campaign_id   INTEGER NOT NULL REFERENCES commendation_campaign (id),
    nomination_id INTEGER NOT NULL REFERENCES commendation_nomination (id),
    filer_name    TEXT NOT NULL,
    filer_contact TEXT NOT NULL,
    body          TEXT NOT NULL,
    address       TEXT NOT NULL DEFAULT '',
    filed_at      TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'open',  -- open, upheld, dismissed
    resolution    TEXT NOT NULL DEFAULT '',
    resolved_by   TEXT NOT NULL DEFAULT '',
    resolved_at   TEXT
);
CREATE INDEX commendation_objection_campaign ON commendation_objection (campaign_id);

-- an honour certificate (荣誉证书): a certificate of line 'honour', level
-- 0; its holder a person, or for a collective the institution (holder_name
-- its name, person_id NULL). One per nomination before its successors.
CREATE TABLE certificate_honour (
    certificate_id INTEGER PRIMARY KEY REFERENCES certificate (id),
    campaign_id    INTEGER NOT NULL REFERENCES commendation_campaign (id),
    nomination_id  INTEGER NOT NULL REFERENCES commendation_nomination (id),
    category       TEXT NOT NULL,
    institution_id INTEGER NOT NULL REFERENCES institution (id),
    person_id      INTEGER REFERENCES person (id),
    supersedes     INTEGER REFERENCES certificate (id)
);
CREATE UNIQUE INDEX certificate_honour_nomination ON certificate_honour (nomination_id)
    WHERE supersedes IS NULL;
CREATE INDEX certificate_honour_campaign ON certificate_honour (campaign_id);
CREATE INDEX certificate_honour_institution ON certificate_honour (institution_id);

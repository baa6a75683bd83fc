-- 0017: the holder's photo switch (issue 12). A certificate whose holder
-- allows it shows their photo on its public pages (the shared credential
-- page /c/{share_id} and the QR page /v/{token}); the photo routes of those
-- pages answer only while this row exists. Separate from sharing: switching
-- either leaves the other as it was.
CREATE TABLE certificate_photo_shown (
    certificate_id INTEGER PRIMARY KEY REFERENCES certificate (id),
    created_at     TEXT NOT NULL
);

-- Requests a holder starts about one of their certificates and the
-- issuing institution's staff decide (issue 12): a correction (which field,
-- what is wrong) or a lost-certificate reprint. open, then accepted or
-- refused with the staff's reason, which the holder sees.
CREATE TABLE certificate_request (
    id             INTEGER PRIMARY KEY,
    certificate_id INTEGER NOT NULL REFERENCES certificate (id),
    kind           TEXT NOT NULL,
    field          TEXT NOT NULL,
    detail         TEXT NOT NULL,
    status         TEXT NOT NULL,
    reason         TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    decided_by     TEXT,
    decided_at     TEXT
);
CREATE INDEX certificate_request_cert ON certificate_request (certificate_id);

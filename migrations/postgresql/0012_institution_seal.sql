-- 0012: an institution's seal (电子印章), printed over the issue date of
-- its certificates (and the center's, on plaques): a PNG with an alpha
-- channel, base64, checked at upload (core/stamp.c). One per institution;
-- an upload replaces it, a removal deletes it (both audited).
CREATE TABLE institution_seal (
    institution_id BIGINT PRIMARY KEY REFERENCES institution (id),
    mime           TEXT NOT NULL,
    data           TEXT NOT NULL,
    width          INTEGER NOT NULL,
    height         INTEGER NOT NULL,
    added_by       TEXT NOT NULL,
    added_at       TEXT NOT NULL
);

-- 0017: the holder's photo switch (issue 12). A certificate whose holder
-- allows it shows their photo on its public pages (the shared credential
-- page /c/{share_id} and the QR page /v/{token}); the photo routes of those
-- pages answer only while this row exists. Separate from sharing: switching
-- either leaves the other as it was.
CREATE TABLE certificate_photo_shown (
    certificate_id INTEGER PRIMARY KEY REFERENCES certificate (id),
    created_at     TEXT NOT NULL
);

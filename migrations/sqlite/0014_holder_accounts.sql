-- 0014: holder accounts (issue 12). A worker claims an account by proving
-- who they are with one of their certificates (its number, its QR token,
-- their name and ID number); the account is linked to that person. One
-- account per person; an account with a person holds no staff grant
-- (app/account.c refuses one) and sees only its own person's things.
ALTER TABLE app_user ADD COLUMN person_id INTEGER REFERENCES person (id);
CREATE UNIQUE INDEX app_user_person ON app_user (person_id);

-- A certificate its holder shares: the public credential page
-- /c/{share_id} (a random, unguessable id) exists while this row does;
-- switching sharing off deletes it, and a new switch-on draws a new id.
CREATE TABLE certificate_share (
    certificate_id INTEGER PRIMARY KEY REFERENCES certificate (id),
    share_id       TEXT NOT NULL,
    created_at     TEXT NOT NULL
);
CREATE UNIQUE INDEX certificate_share_id ON certificate_share (share_id);

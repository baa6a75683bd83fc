-- 0011: signed checkpoints of the audit trail (docs/security.md "Signed
-- checkpoints"). Every record appended comes with a checkpoint in the same
-- transaction: the Merkle tree head (RFC 6962) over records 1..size, signed
-- with an Ed25519 key whose seed is sealed by the master key.

-- the tree's right edge (services/merkle.h compact range) for the next
-- append: tree_size leaves, one hex hash per set bit of tree_size
ALTER TABLE audit_head ADD COLUMN tree_size INTEGER NOT NULL DEFAULT 0;
ALTER TABLE audit_head ADD COLUMN tree TEXT NOT NULL DEFAULT '';

-- the checkpoint signing key: its own purpose, never a credential key
CREATE TABLE audit_key (
    kid        TEXT PRIMARY KEY,
    public_key TEXT NOT NULL,
    sealed     TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- one signed tree head per record: size = the record's seq
CREATE TABLE audit_checkpoint (
    size      INTEGER PRIMARY KEY,
    root      TEXT NOT NULL,
    at        TEXT NOT NULL,
    kid       TEXT NOT NULL,
    signature TEXT NOT NULL
);

CREATE TRIGGER audit_checkpoint_no_update BEFORE UPDATE ON audit_checkpoint
BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;
CREATE TRIGGER audit_checkpoint_no_delete BEFORE DELETE ON audit_checkpoint
BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;

-- Bulk runs: one operation over many contacts or invitations (invite, resend, cancel, import), carried out in chunks by
-- process bulk-invitation. Each item is one contact or invitation with its outcome; the run is its summary.
CREATE TABLE bulk_run (
    id                   VARCHAR(36)  NOT NULL PRIMARY KEY,
    action               VARCHAR(16)  NOT NULL,
    source               VARCHAR(16)  NOT NULL,
    total                INTEGER      NOT NULL,
    imported             INTEGER      NOT NULL,
    created_by           VARCHAR(100) NOT NULL,
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at          TIMESTAMP WITH TIME ZONE,
    process_instance_id  VARCHAR(64)
);
CREATE INDEX ix_bulk_run_created ON bulk_run (created_at);

CREATE TABLE bulk_item (
    bulk_id              VARCHAR(36)  NOT NULL REFERENCES bulk_run (id),
    seq                  INTEGER      NOT NULL,
    -- the CSV row or pasted line the item came from (1 = the first line after the header), if any
    source_row           INTEGER,
    contact_id           VARCHAR(36),
    invitation_id        VARCHAR(36),
    -- what the row or id said, for the admin's review of a skipped item (an email address or an id, never a secret)
    label                VARCHAR(254),
    outcome              VARCHAR(16)  NOT NULL,
    reason               VARCHAR(32),
    field                VARCHAR(32),
    detail               VARCHAR(300),
    contact_created      BOOLEAN      NOT NULL,
    CONSTRAINT pk_bulk_item PRIMARY KEY (bulk_id, seq)
);
CREATE INDEX ix_bulk_item_outcome ON bulk_item (bulk_id, outcome, seq);
CREATE INDEX ix_bulk_item_invitation ON bulk_item (invitation_id);

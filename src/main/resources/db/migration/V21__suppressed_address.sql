-- Issue 16: the suppression list. An address whose email bounced for good, or whose recipient complained, is not
-- sent to again: a send goes straight to an admin with the reason and the date. One row per address (the contact's
-- email key, lower case); an admin lifting it deletes the row, and the contact's history records who did.
CREATE TABLE suppressed_address (
    email_key        VARCHAR(254) NOT NULL PRIMARY KEY,
    kind             VARCHAR(24)  NOT NULL,
    reason           VARCHAR(1000) NOT NULL,
    mail_log_id      BIGINT,
    suppressed_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_suppressed_address_at ON suppressed_address (suppressed_at);

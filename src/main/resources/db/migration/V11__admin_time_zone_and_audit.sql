-- Issue 15: each admin's time zone for the console, and the audit page's reads (/admin/audit). V11, not V10: V10 is
-- kept for another change of issue 15 made at the same time (edit, disable, delete a contact).

-- keyed by the Camunda user id, so that it works whatever the identity provider; the zone is a region id (Europe/Paris)
CREATE TABLE admin_preference (
    admin_id         VARCHAR(100) NOT NULL PRIMARY KEY,
    time_zone        VARCHAR(64)  NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);

-- the audit page: both histories newest first across all contacts, ending with the id that breaks ties, and the same
-- by admin (the "admin" filter), a page read from the index however deep
CREATE INDEX ix_contact_event_occurred ON contact_event (occurred_at, id);
CREATE INDEX ix_invitation_event_occurred ON invitation_event (occurred_at, id);
CREATE INDEX ix_contact_event_actor ON contact_event (actor, occurred_at, id);
CREATE INDEX ix_invitation_event_actor ON invitation_event (actor, occurred_at, id);

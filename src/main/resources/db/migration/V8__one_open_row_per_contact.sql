-- "At most one open row per contact" held by the database, for invitations (open: PENDING or FAILED), admin password
-- changes (open: REQUESTED) and reset requests (open: PENDING). H2 has no partial index, so each table gets a column
-- open_contact_id: the contact's id while the row is open, NULL once it ended, under a UNIQUE constraint (NULLs do not
-- collide, on H2 as on PostgreSQL). The repositories set it in every INSERT and every UPDATE of the status.
--
-- Rows open today: the newest open row of each contact takes the column. Should an existing database hold several
-- open rows of one contact (written before this migration, by a race), the older ones keep their status and their
-- processes, which end them as before (expiry, cancellation, supersession); they are merely outside the constraint,
-- and the status checks before each insert still see them. Nothing is cancelled behind a running process's back.

ALTER TABLE invitation ADD COLUMN open_contact_id VARCHAR(36);
UPDATE invitation SET open_contact_id = contact_id
WHERE status IN ('PENDING', 'FAILED')
  AND NOT EXISTS (SELECT 1 FROM invitation newer
                  WHERE newer.contact_id = invitation.contact_id AND newer.status IN ('PENDING', 'FAILED')
                    AND (newer.created_at > invitation.created_at
                         OR (newer.created_at = invitation.created_at AND newer.id > invitation.id)));
ALTER TABLE invitation ADD CONSTRAINT uq_invitation_open_contact UNIQUE (open_contact_id);

ALTER TABLE password_change ADD COLUMN open_contact_id VARCHAR(36);
UPDATE password_change SET open_contact_id = contact_id
WHERE status = 'REQUESTED'
  AND NOT EXISTS (SELECT 1 FROM password_change newer
                  WHERE newer.contact_id = password_change.contact_id AND newer.status = 'REQUESTED'
                    AND (newer.created_at > password_change.created_at
                         OR (newer.created_at = password_change.created_at AND newer.id > password_change.id)));
ALTER TABLE password_change ADD CONSTRAINT uq_password_change_open_contact UNIQUE (open_contact_id);

ALTER TABLE password_reset ADD COLUMN open_contact_id VARCHAR(36);
UPDATE password_reset SET open_contact_id = contact_id
WHERE status = 'PENDING'
  AND NOT EXISTS (SELECT 1 FROM password_reset newer
                  WHERE newer.contact_id = password_reset.contact_id AND newer.status = 'PENDING'
                    AND (newer.created_at > password_reset.created_at
                         OR (newer.created_at = password_reset.created_at AND newer.id > password_reset.id)));
ALTER TABLE password_reset ADD CONSTRAINT uq_password_reset_open_contact UNIQUE (open_contact_id);

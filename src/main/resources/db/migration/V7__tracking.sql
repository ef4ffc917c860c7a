-- Tracking: the invitations list (filter, search, sort, counts) and the retry of a failed email from the mail log.

-- which run of process mail-delivery wrote the row (its process instance id): a failed email is retried through the
-- delivery it belongs to, and only its latest row is. NULL for rows written before this column, and for hand-overs
-- that no delivery asked for (password-change's own).
ALTER TABLE mail_log ADD COLUMN delivery_id VARCHAR(64);
CREATE INDEX ix_mail_log_delivery ON mail_log (delivery_id, id);

-- the list's orders, each ending with the id that breaks ties: a page is read from the index, however deep, and is
-- the same page however often it is read
CREATE INDEX ix_invitation_created ON invitation (created_at, id);
CREATE INDEX ix_invitation_updated ON invitation (updated_at, id);
CREATE INDEX ix_invitation_expires ON invitation (expires_at, id);
-- a status filter in the default order, the order by status, and the counts per status (GROUP BY): one index serves
-- them all, so the shorter one of V1 goes
DROP INDEX ix_invitation_status;
CREATE INDEX ix_invitation_status_created ON invitation (status, created_at, id);

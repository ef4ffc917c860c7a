-- The people directory (/admin/contacts): every contact with its latest invitation, filtered, sorted and paged.

-- the directory's default order (newest first) and the "created between" filter, ending with the id that breaks ties
CREATE INDEX ix_contact_created ON contact (created_at, id);
-- the account filter in the default order, and the counts per account (GROUP BY)
CREATE INDEX ix_contact_account ON contact (account_status, created_at, id);
-- a contact's latest invitation: the newest by created_at, then id, read from the index for each row of a page
CREATE INDEX ix_invitation_contact_latest ON invitation (contact_id, created_at, id);

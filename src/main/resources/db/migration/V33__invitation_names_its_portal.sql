-- An invitation may name the portal its credentials open (docs/PORTALS.md): the email names that portal and its start
-- page, and activation ends there. Without one (or when it was removed since), the one portal with a start page.
ALTER TABLE invitation ADD COLUMN portal_client_id VARCHAR(100);

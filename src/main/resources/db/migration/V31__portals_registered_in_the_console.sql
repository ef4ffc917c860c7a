-- Portals an admin registered in the console (docs/PORTALS.md); those of the settings (courier.portals) are not here.
-- The client secret only as a hash: it is shown once to the admin who registered the portal, and never stored.
CREATE TABLE portal (
    client_id                 VARCHAR(100)  NOT NULL PRIMARY KEY,
    name                      VARCHAR(200)  NOT NULL,
    secret_hash               VARCHAR(200)  NOT NULL,
    -- one address a line, compared exactly
    redirect_uris             VARCHAR(4000) NOT NULL,
    post_logout_redirect_uris VARCHAR(4000) NOT NULL,
    start_page                VARCHAR(2000),
    registered_by             VARCHAR(100)  NOT NULL,
    registered_at             TIMESTAMP WITH TIME ZONE NOT NULL
);

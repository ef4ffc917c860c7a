-- Courier as an OpenID Provider (docs/PORTALS.md): Spring Authorization Server's JDBC tables, so that every node of a
-- cluster sees the same portals, authorizations and consents, and the signing keys that every node shares.
-- Spring Authorization Server's own schema declares its token columns as BLOB, which PostgreSQL lacks: here they are
-- VARCHAR, which both databases compare in a WHERE clause (the service reads the column types and follows them).
-- No token is kept as it was issued: TokenDigestAuthorizations stores the SHA-256 of every token value.

CREATE TABLE oauth2_registered_client (
    id                            VARCHAR(100)  NOT NULL PRIMARY KEY,
    client_id                     VARCHAR(100)  NOT NULL,
    client_id_issued_at           TIMESTAMP     DEFAULT CURRENT_TIMESTAMP NOT NULL,
    -- only a hash of the portal's secret ({bcrypt}, {argon2}...)
    client_secret                 VARCHAR(200)  DEFAULT NULL,
    client_secret_expires_at      TIMESTAMP     DEFAULT NULL,
    client_name                   VARCHAR(200)  NOT NULL,
    client_authentication_methods VARCHAR(1000) NOT NULL,
    authorization_grant_types     VARCHAR(1000) NOT NULL,
    redirect_uris                 VARCHAR(4000) DEFAULT NULL,
    post_logout_redirect_uris     VARCHAR(4000) DEFAULT NULL,
    scopes                        VARCHAR(1000) NOT NULL,
    client_settings               VARCHAR(2000) NOT NULL,
    token_settings                VARCHAR(2000) NOT NULL,
    CONSTRAINT uq_oauth2_registered_client_client_id UNIQUE (client_id)
);

CREATE TABLE oauth2_authorization (
    id                            VARCHAR(100)  NOT NULL PRIMARY KEY,
    registered_client_id          VARCHAR(100)  NOT NULL,
    -- the contact's id: the ID token's subject
    principal_name                VARCHAR(200)  NOT NULL,
    authorization_grant_type      VARCHAR(100)  NOT NULL,
    authorized_scopes             VARCHAR(1000) DEFAULT NULL,
    attributes                    VARCHAR(100000) DEFAULT NULL,
    state                         VARCHAR(500)  DEFAULT NULL,
    authorization_code_value      VARCHAR(4000) DEFAULT NULL,
    authorization_code_issued_at  TIMESTAMP     DEFAULT NULL,
    authorization_code_expires_at TIMESTAMP     DEFAULT NULL,
    authorization_code_metadata   VARCHAR(100000) DEFAULT NULL,
    access_token_value            VARCHAR(4000) DEFAULT NULL,
    access_token_issued_at        TIMESTAMP     DEFAULT NULL,
    access_token_expires_at       TIMESTAMP     DEFAULT NULL,
    access_token_metadata         VARCHAR(100000) DEFAULT NULL,
    access_token_type             VARCHAR(100)  DEFAULT NULL,
    access_token_scopes           VARCHAR(1000) DEFAULT NULL,
    oidc_id_token_value           VARCHAR(4000) DEFAULT NULL,
    oidc_id_token_issued_at       TIMESTAMP     DEFAULT NULL,
    oidc_id_token_expires_at      TIMESTAMP     DEFAULT NULL,
    oidc_id_token_metadata        VARCHAR(100000) DEFAULT NULL,
    refresh_token_value           VARCHAR(4000) DEFAULT NULL,
    refresh_token_issued_at       TIMESTAMP     DEFAULT NULL,
    refresh_token_expires_at      TIMESTAMP     DEFAULT NULL,
    refresh_token_metadata        VARCHAR(100000) DEFAULT NULL,
    user_code_value               VARCHAR(4000) DEFAULT NULL,
    user_code_issued_at           TIMESTAMP     DEFAULT NULL,
    user_code_expires_at          TIMESTAMP     DEFAULT NULL,
    user_code_metadata            VARCHAR(100000) DEFAULT NULL,
    device_code_value             VARCHAR(4000) DEFAULT NULL,
    device_code_issued_at         TIMESTAMP     DEFAULT NULL,
    device_code_expires_at        TIMESTAMP     DEFAULT NULL,
    device_code_metadata          VARCHAR(100000) DEFAULT NULL
);
-- a new password, a changed address or a disabled account ends all of a contact's authorizations at once
CREATE INDEX ix_oauth2_authorization_principal ON oauth2_authorization (principal_name);
CREATE INDEX ix_oauth2_authorization_code ON oauth2_authorization (authorization_code_value);
CREATE INDEX ix_oauth2_authorization_refresh ON oauth2_authorization (refresh_token_value);
CREATE INDEX ix_oauth2_authorization_id_token ON oauth2_authorization (oidc_id_token_value);
CREATE INDEX ix_oauth2_authorization_access ON oauth2_authorization (access_token_value);

CREATE TABLE oauth2_authorization_consent (
    registered_client_id VARCHAR(100)  NOT NULL,
    principal_name       VARCHAR(200)  NOT NULL,
    authorities          VARCHAR(1000) NOT NULL,
    PRIMARY KEY (registered_client_id, principal_name)
);

-- the keys that sign ID and access tokens, shared by every node; the newest signs, all that are not retired are
-- published (JWKS), so a portal that cached the old key still validates tokens signed before a rotation
CREATE TABLE provider_signing_key (
    key_id          VARCHAR(64)   NOT NULL PRIMARY KEY,
    -- the public key as a JWK (JSON): public by nature
    public_jwk      VARCHAR(4000) NOT NULL,
    -- the private key (PKCS#8), encrypted with AES-GCM under courier.provider.key-encryption-secret, Base64
    private_key     VARCHAR(8000) NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    retired_at      TIMESTAMP WITH TIME ZONE
);

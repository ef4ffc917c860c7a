-- Issue 16, provider webhooks: the tokens of signed webhook requests already taken (Mailgun's), so that a replayed
-- request is refused. A token is kept until its timestamp is stale anyway (twice courier.webhooks.max-age).
CREATE TABLE webhook_token (
    provider  VARCHAR(16)  NOT NULL,
    token     VARCHAR(200) NOT NULL,
    seen_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_webhook_token PRIMARY KEY (provider, token)
);
CREATE INDEX ix_webhook_token_seen_at ON webhook_token (seen_at);

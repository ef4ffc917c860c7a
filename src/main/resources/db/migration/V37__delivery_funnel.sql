-- Issue 16, the delivery funnel: sent -> delivered -> bounced -> link opened -> redeemed -> first sign-in, per bulk
-- run, template, language and recipient domain (tracking.DeliveryFunnel). Nothing here is a secret: times and counts.

-- a link's page opened (the GET of /activate or /reset-password with a known token): when first, and how often; the
-- member signed in after redeeming it (used_at): when first
ALTER TABLE activation_token ADD COLUMN first_opened_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE activation_token ADD COLUMN open_count INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE activation_token ADD COLUMN signed_in_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE reset_token ADD COLUMN first_opened_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE reset_token ADD COLUMN open_count INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE reset_token ADD COLUMN signed_in_at TIMESTAMP WITH TIME ZONE;
-- a sign-in marks the contact's redeemed links not yet followed by one: found by contact
CREATE INDEX ix_activation_token_contact ON activation_token (contact_id);

-- the link an attempt carried (the id of its token row: activation_token for the invitation emails, reset_token for
-- the reset link email; null for an email without a link), and the recipient's domain, lower-cased, to group by
ALTER TABLE mail_log ADD COLUMN credential_id BIGINT;
ALTER TABLE mail_log ADD COLUMN recipient_domain VARCHAR(254);
UPDATE mail_log SET recipient_domain = LOWER(SUBSTRING(recipient FROM POSITION('@' IN recipient) + 1))
WHERE POSITION('@' IN recipient) > 0;
-- the funnel of a period (the console's home, the metrics): sent emails by time, then template
CREATE INDEX ix_mail_log_funnel ON mail_log (created_at, template);

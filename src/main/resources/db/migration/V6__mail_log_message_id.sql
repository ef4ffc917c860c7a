-- A repeated send job looks its attempt up by the Message-ID written before the message left (MailDispatcher.attempt).
CREATE INDEX ix_mail_log_message_id ON mail_log (message_id);

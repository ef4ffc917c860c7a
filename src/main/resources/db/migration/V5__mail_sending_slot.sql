-- The next free sending slot under courier.mail.max-per-minute, shared by every node: one row, locked while a
-- delivery reserves its slot.
CREATE TABLE mail_sending_slot (
    id         INTEGER NOT NULL PRIMARY KEY,
    next_slot  TIMESTAMP WITH TIME ZONE NOT NULL
);
INSERT INTO mail_sending_slot (id, next_slot) VALUES (1, TIMESTAMP WITH TIME ZONE '2000-01-01 00:00:00+00');

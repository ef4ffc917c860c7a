package org.credentialcourier.member;

import org.credentialcourier.contact.ContactHistory;
import org.credentialcourier.credential.AccountPasswords;
import org.credentialcourier.password.PasswordNotices;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A signed-in contact changes the password: the hash, the history and the notice, all or nothing. */
@Service
public class MemberPasswordChange {

    private final AccountPasswords passwords;
    private final ContactHistory history;
    private final PasswordNotices notices;

    public MemberPasswordChange(AccountPasswords passwords, ContactHistory history, PasswordNotices notices) {
        this.passwords = passwords;
        this.history = history;
        this.notices = notices;
    }

    @Transactional
    public void change(String contactId, String password) {
        passwords.setChosenPassword(contactId, password);
        history.record(contactId, ContactHistory.Type.PASSWORD_CHANGED_BY_CONTACT, "contact", null);
        notices.sendStandalone(contactId);
    }
}

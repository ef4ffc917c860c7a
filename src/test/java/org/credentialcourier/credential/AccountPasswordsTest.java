package org.credentialcourier.credential;

import static org.assertj.core.api.Assertions.assertThat;

import org.credentialcourier.contact.Contact;
import org.credentialcourier.credential.AccountPasswords.Verdict;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Scenario;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** Stored password hashes: an older kind of hash is upgraded to Argon2id the next time the right password comes. */
@CourierTest
class AccountPasswordsTest {

    @Autowired AccountPasswords passwords;
    @Autowired Scenario scenario;
    @Autowired JdbcClient jdbc;

    @Test
    void anOlderHashIsUpgradedAtTheNextSignIn() {
        Contact contact = scenario.activeContact();
        String legacy = "{bcrypt}" + new BCryptPasswordEncoder(10).encode("old but right password");
        jdbc.sql("UPDATE account_password SET password_hash = :hash WHERE contact_id = :id")
                .param("hash", legacy).param("id", contact.id()).update();

        assertThat(passwords.verify(contact.id(), "not the password")).isEqualTo(Verdict.WRONG);
        assertThat(storedHash(contact)).as("unchanged after a wrong one").isEqualTo(legacy);

        assertThat(passwords.verify(contact.id(), "old but right password")).isEqualTo(Verdict.VALID);
        assertThat(storedHash(contact)).startsWith("{argon2}$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(passwords.verify(contact.id(), "old but right password")).isEqualTo(Verdict.VALID);
    }

    @Test
    void noAccountAndNoPasswordAreWrongAlike() {
        assertThat(passwords.verify(null, "whatever")).isEqualTo(Verdict.WRONG);
        assertThat(passwords.verify(scenario.newContact().id(), "whatever")).isEqualTo(Verdict.WRONG);
        assertThat(passwords.verify(scenario.activeContact().id(), null)).isEqualTo(Verdict.WRONG);
    }

    private String storedHash(Contact contact) {
        return jdbc.sql("SELECT password_hash FROM account_password WHERE contact_id = :id")
                .param("id", contact.id()).query(String.class).single();
    }
}

package org.credentialcourier.delivery;

import java.util.Set;

import org.credentialcourier.contact.Contact;
import org.credentialcourier.mail.MailLogEntry.Channel;
import org.credentialcourier.mail.Recipient;

/**
 * A kind of email that process {@code mail-delivery} can deliver: it composes the message at the moment of each
 * attempt (minting any secret then, since none is stored to survive a retry), and hears how the delivery went.
 */
public interface DeliverableMail {

    /** The contact as the mail layer addresses them: the one place where a contact becomes a {@link Recipient}. */
    static Recipient recipientOf(Contact contact) {
        return new Recipient(contact.email(), contact.displayName(), contact.firstName(), contact.preferredLocale());
    }

    /** The templates this kind answers for, e.g. {@code invitation} and {@code invitation-reminder}. */
    Set<String> templates();

    /** The contact the email about {@code subjectId} goes to. */
    String recipientContactId(String subjectId);

    /** Composes the message for one attempt, minting fresh credentials when it carries any. */
    PreparedMail prepare(String template, String subjectId);

    /**
     * The message reached the server (or the admin, for a hand-over by hand): its credential becomes the valid one.
     * Nothing to do for a message without credentials.
     */
    default void delivered(PreparedMail mail, Channel channel, String actor) {
    }

    /** The message did not leave: its credential is discarded. Nothing to do for a message without credentials. */
    default void notDelivered(PreparedMail mail, String reason) {
    }

    /**
     * Delivery has stopped and waits for an admin's decision. The mail log and the process show it already; a kind
     * whose subject has a status of its own (an invitation) records it there.
     */
    default void escalated(String template, String subjectId, String reason) {
    }

    /**
     * The recipient's side bounced an email the server had accepted, for good ({@code reason}: the report's status code
     * and diagnostic). A kind whose email carried a credential that is still waited for ends that link and leads the
     * process to an admin, as a rejection at SMTP time does; nothing to do for the others (the mail log shows it).
     */
    default void bounced(String template, String subjectId, String recipient, String reason) {
    }

    /** An admin decided how to resolve a failed delivery; the process history shows it already. */
    default void resolved(String template, String subjectId, MailDeliveryProcess.Resolution resolution, String actor) {
    }
}

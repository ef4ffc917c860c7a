package org.credentialcourier.delivery;

import org.credentialcourier.mail.ComposedMail;

/**
 * An email composed for one attempt: what it is about (the subject id of process {@code mail-delivery}), for whom,
 * about which invitation (if any, for the mail log), its content, and the id of the credential minted for it (0 when
 * it carries none), so that the credential can be confirmed or discarded with the outcome.
 */
public record PreparedMail(String subjectId, String contactId, String invitationId, ComposedMail content,
                           long credentialId) {

    @Override
    public String toString() {
        return "PreparedMail[contact=" + contactId + ", invitation=" + invitationId + ", " + content + "]";
    }
}

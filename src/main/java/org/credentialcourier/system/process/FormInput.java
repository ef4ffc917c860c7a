package org.credentialcourier.system.process;

import org.camunda.bpm.engine.ProcessEngineException;
import org.credentialcourier.contact.ContactRules;

/** Values admins type into Tasklist start forms, checked as typed; a refusal reaches them as Tasklist's message. */
public final class FormInput {

    private FormInput() {
    }

    /** A well-formed email address as typed (see {@link ContactRules#requireFormEmail}). */
    public static String email(String typed) {
        try {
            return ContactRules.requireFormEmail(typed);
        } catch (IllegalArgumentException refused) {
            throw new ProcessEngineException(refused.getMessage());
        }
    }
}

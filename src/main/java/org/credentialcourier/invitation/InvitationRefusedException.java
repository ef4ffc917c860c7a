package org.credentialcourier.invitation;

import java.util.LinkedHashMap;
import java.util.Map;

import org.credentialcourier.invitation.InvitationPolicy.Refusal;
import org.credentialcourier.system.web.ConflictException;

/**
 * A 409 that carries the {@link InvitationPolicy}'s refusal, so that a page or a bulk run reads why from its code
 * instead of guessing from the message or the properties. The REST body keeps the facts and adds the {@code code}.
 */
public class InvitationRefusedException extends ConflictException {

    private final transient Refusal refusal;

    public InvitationRefusedException(Refusal refusal) {
        super(refusal.sentence(), refusal.field(), withCode(refusal));
        this.refusal = refusal;
    }

    public Refusal refusal() {
        return refusal;
    }

    private static Map<String, Object> withCode(Refusal refusal) {
        Map<String, Object> properties = new LinkedHashMap<>(refusal.details());
        properties.put("code", refusal.code());
        return properties;
    }
}

package org.credentialcourier.console;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.credentialcourier.contact.AccountStatus;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactService;
import org.credentialcourier.invitation.Invitation;
import org.credentialcourier.invitation.InvitationService;
import org.credentialcourier.invitation.InvitationStatus;
import org.credentialcourier.system.web.ConflictException;
import org.credentialcourier.system.web.ResourceNotFoundException;
import org.springframework.stereotype.Component;

/**
 * Resend or cancel the invitations an admin ticked on one page of the list, right away: each invitation through
 * {@link InvitationService} in a transaction of its own (this class has none), so that one that cannot be resent or
 * cancelled, or whose process is busy at that moment, is skipped with its reason and never holds up the others. A page
 * holds at most 100 rows; a whole tab goes through a bulk run instead.
 */
@Component
class InvitationActions {

    private final InvitationService invitations;
    private final ContactService contacts;

    InvitationActions(InvitationService invitations, ContactService contacts) {
        this.invitations = invitations;
        this.contacts = contacts;
    }

    enum Action {
        RESEND("resent"), CANCEL("cancelled");

        private final String done;

        Action(String done) {
            this.done = done;
        }

        static Action of(String code) {
            for (Action action : values()) {
                if (action.name().toLowerCase(Locale.ROOT).equals(code)) {
                    return action;
                }
            }
            return null;
        }
    }

    /**
     * What happened: "3 resent; 1 skipped: already active", and a line per skipped invitation. Kept in the session
     * for the redirect (a flash attribute), hence serializable.
     */
    record Outcome(String summary, List<String> skipped) implements Serializable {
    }

    Outcome apply(Action action, List<String> ids, String actor) {
        int done = 0;
        Map<String, Integer> reasons = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        for (String id : new LinkedHashSet<>(ids)) {
            String reason;
            String label = id;
            try {
                Invitation invitation = invitations.get(id);
                Contact contact = contacts.get(invitation.contactId());
                label = contact.email();
                reason = blocker(action, invitation, contact);
                if (reason == null) {
                    if (action == Action.RESEND) {
                        invitations.resend(id, actor);
                    } else {
                        invitations.cancel(id, actor);
                    }
                    done++;
                    continue;
                }
            } catch (ResourceNotFoundException e) {
                reason = "not found";
            } catch (ConflictException e) {
                reason = reason(e);
            } catch (OptimisticLockingException | MismatchingMessageCorrelationException e) {
                reason = "busy at that moment, try again";
            }
            reasons.merge(reason, 1, Integer::sum);
            skipped.add(label + ": " + reason);
        }
        StringBuilder summary = new StringBuilder().append(done).append(' ').append(action.done);
        if (!skipped.isEmpty()) {
            summary.append("; ").append(skipped.size()).append(" skipped: ");
            List<String> parts = new ArrayList<>();
            reasons.forEach((reason, count) -> parts.add(reasons.size() == 1 ? reason : count + " " + reason));
            summary.append(String.join(", ", parts));
        }
        return new Outcome(summary.toString(), List.copyOf(skipped));
    }

    /**
     * What stands in the way, by the rules of the bulk runs: an invitation that is not open cannot be cancelled; one
     * that is active or cancelled cannot be resent, nor an expired one whose contact has an account or a newer open
     * invitation meanwhile.
     */
    private static String blocker(Action action, Invitation invitation, Contact contact) {
        InvitationStatus status = invitation.status();
        if (status.open()) {
            return null;
        }
        if (status == InvitationStatus.ACTIVE) {
            return "already active";
        }
        if (action == Action.CANCEL) {
            return status == InvitationStatus.CANCELLED ? "already cancelled" : status.code();
        }
        if (status == InvitationStatus.CANCELLED) {
            return "cancelled";
        }
        return contact.accountStatus() == AccountStatus.ACTIVE ? "the contact's account is active" : null;
    }

    private static String reason(ConflictException e) {
        if (e.properties().containsKey("invitationId")) {
            return "a newer invitation is open";
        }
        if ("active".equals(e.properties().get("status"))) {
            return "already active";
        }
        String message = e.getMessage();
        return message.isEmpty() ? "refused" : Character.toLowerCase(message.charAt(0)) + message.substring(1);
    }
}

package org.credentialcourier.console;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.credentialcourier.contact.ContactService;
import org.credentialcourier.invitation.Invitation;
import org.credentialcourier.invitation.InvitationPolicy;
import org.credentialcourier.invitation.InvitationRefusedException;
import org.credentialcourier.invitation.InvitationService;
import org.credentialcourier.system.web.BusyException;
import org.credentialcourier.system.web.ConflictException;
import org.credentialcourier.system.web.ResourceNotFoundException;
import org.springframework.stereotype.Component;

/**
 * Resend or cancel the invitations an admin ticked on one page of the list, right away: each invitation through
 * {@link InvitationService} in a transaction of its own (this class has none), so that one that cannot be resent or
 * cancelled ({@link InvitationPolicy}'s refusal, in its brief words), or whose process is busy at that moment, is
 * skipped with its reason and never holds up the others. A page holds at most 100 rows; a whole tab goes through a
 * bulk run instead.
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
                label = contacts.get(invitation.contactId()).email();
                if (action == Action.RESEND) {
                    invitations.resend(id, actor);
                } else {
                    invitations.cancel(id, actor);
                }
                done++;
                continue;
            } catch (ResourceNotFoundException e) {
                reason = "not found";
            } catch (BusyException e) {
                reason = "busy at that moment, try again";
            } catch (InvitationRefusedException e) {
                reason = e.refusal().brief();
            } catch (ConflictException e) {
                String message = e.getMessage();
                reason = message.isEmpty() ? "refused"
                        : Character.toLowerCase(message.charAt(0)) + message.substring(1);
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
}

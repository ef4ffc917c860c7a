package org.credentialcourier.password;

import org.credentialcourier.delivery.HandOver;
import org.credentialcourier.password.PasswordChangeProcess.Delivery;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A password change over REST, in one transaction: the change and its process, and for a hand-over by hand the
 * reveal of the new password at once (the instance waits at "Hand over the new password", which the reveal completes).
 */
@Service
public class AdminPasswordChange {

    private final PasswordChangeService changes;
    private final HandOver handOver;

    public AdminPasswordChange(PasswordChangeService changes, HandOver handOver) {
        this.changes = changes;
        this.handOver = handOver;
    }

    /** The change, and the new password when it is handed over by hand (else null). */
    public record Result(PasswordChange change, String password) {

        @Override
        public String toString() {
            return "Result[change=" + change.id() + "]";
        }
    }

    @Transactional
    public Result change(String contactId, Delivery delivery, String actor) {
        PasswordChangeService.Requested requested = changes.request(contactId, delivery, actor);
        String password = delivery.handedOver()
                ? handOver.reveal(requested.processInstanceId(), actor).orElseThrow().secret()
                : null;
        // read again: the reveal completes the hand-over, which records the change
        return new Result(changes.get(requested.change().id()), password);
    }
}

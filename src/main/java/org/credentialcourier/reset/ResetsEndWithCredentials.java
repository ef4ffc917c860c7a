package org.credentialcourier.reset;

import java.time.Clock;
import java.time.Instant;

import org.credentialcourier.credential.CredentialsEnded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Ends the contact's pending reset requests once their credentials ended another way ({@link CredentialsEnded}): a
 * request whose links are dead must not show "pending". The moment is taken when the credentials end; the requests
 * end after that transaction commits ({@link PasswordResetService#credentialsEnded}).
 */
@Component
class ResetsEndWithCredentials {

    private static final Logger log = LoggerFactory.getLogger(ResetsEndWithCredentials.class);

    private final PasswordResetService resets;
    private final Clock clock;

    ResetsEndWithCredentials(PasswordResetService resets, Clock clock) {
        this.resets = resets;
        this.clock = clock;
    }

    @EventListener
    void on(CredentialsEnded ended) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return;
        }
        Instant at = clock.instant();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                try {
                    resets.credentialsEnded(ended.contactId(), at);
                } catch (RuntimeException e) {
                    // the request still ends when its link would have expired ("Expire reset link")
                    log.warn("Pending reset requests of contact {} stay until they expire: {}", ended.contactId(),
                            e.toString());
                }
            }
        });
    }
}

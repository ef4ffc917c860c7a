package org.credentialcourier.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.credentialcourier.contact.Contact;
import org.credentialcourier.credential.SingleUseTokens.MintedToken;
import org.credentialcourier.credential.TokenCheck.TokenState;
import org.credentialcourier.invitation.InvitationService;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Scenario;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Activation tokens against the real database: single use even under a race, revocable, expiring. */
@CourierTest
class ActivationTokensTest {

    @Autowired ActivationTokens tokens;
    @Autowired InvitationService invitations;
    @Autowired Scenario scenario;

    @Test
    void fiftyParallelRedemptionsMakeExactlyOneSuccess() throws Exception {
        String invitationId = newInvitation();
        MintedToken token = tokens.mint(invitationId, contactOf(invitationId), Instant.now().plusSeconds(600));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Callable<Boolean> redeem = () -> {
                start.await();
                return tokens.consume(token.plaintext());
            };
            results.add(pool.submit(redeem));
        }
        start.countDown();
        int successes = 0;
        for (Future<Boolean> result : results) {
            successes += result.get(30, TimeUnit.SECONDS) ? 1 : 0;
        }
        pool.shutdown();
        assertThat(successes).isEqualTo(1);
        assertThat(tokens.check(token.plaintext()).state()).isEqualTo(TokenState.USED);
    }

    @Test
    void tokensAreLongRandomAndUrlSafe() {
        String invitationId = newInvitation();
        MintedToken a = tokens.mint(invitationId, contactOf(invitationId), Instant.now().plusSeconds(600));
        MintedToken b = tokens.mint(invitationId, contactOf(invitationId), Instant.now().plusSeconds(600));
        assertThat(a.plaintext()).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(b.plaintext());
        assertThat(a.toString()).doesNotContain(a.plaintext());
    }

    @Test
    void expiredRevokedAndReplacedTokensDoNotWork() {
        String invitationId = newInvitation();
        String contactId = contactOf(invitationId);
        MintedToken expired = tokens.mint(invitationId, contactId, Instant.now().minusSeconds(1));
        assertThat(tokens.check(expired.plaintext()).state()).isEqualTo(TokenState.EXPIRED);
        assertThat(tokens.consume(expired.plaintext())).isFalse();

        MintedToken older = tokens.mint(invitationId, contactId, Instant.now().plusSeconds(600));
        MintedToken newer = tokens.mint(invitationId, contactId, Instant.now().plusSeconds(600));
        tokens.revokeAllExcept(invitationId, newer.id());
        assertThat(tokens.check(older.plaintext()).state()).isEqualTo(TokenState.REVOKED);
        assertThat(tokens.check(newer.plaintext()).state()).isEqualTo(TokenState.VALID);

        tokens.revokeAll(invitationId);
        assertThat(tokens.consume(newer.plaintext())).isFalse();
        assertThat(tokens.check(null).state()).isEqualTo(TokenState.UNKNOWN);
    }

    private String newInvitation() {
        Contact contact = scenario.newContact();
        return invitations.register(contact, "demo").id();
    }

    private String contactOf(String invitationId) {
        return invitations.get(invitationId).contactId();
    }
}

package org.credentialcourier.member;

import java.util.List;

import org.credentialcourier.credential.ActivationTokens;
import org.credentialcourier.credential.ResetTokens;
import org.credentialcourier.credential.SingleUseTokens;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A member signed in (on the member pages or on the way to a portal): the links they redeemed and have not signed in
 * after yet note the sign-in, the delivery funnel's last step. Two updates by contact, each on an index.
 */
@Component
class LinkSignIns {

    private final List<SingleUseTokens> links;

    LinkSignIns(ActivationTokens activations, ResetTokens resets) {
        this.links = List.of(activations, resets);
    }

    @Transactional
    void signedIn(String contactId) {
        links.forEach(tokens -> tokens.signedIn(contactId));
    }
}

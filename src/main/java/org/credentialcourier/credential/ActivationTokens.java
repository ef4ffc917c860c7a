package org.credentialcourier.credential;

import java.time.Clock;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** The links in invitation emails; each belongs to an invitation and expires with it. */
@Service
public class ActivationTokens extends SingleUseTokens {

    public ActivationTokens(JdbcClient jdbc, Clock clock) {
        super(jdbc, clock, "activation_token");
    }
}

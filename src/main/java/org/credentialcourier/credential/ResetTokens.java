package org.credentialcourier.credential;

import java.time.Clock;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** The links in password reset emails; each belongs to a reset request and expires with it. */
@Service
public class ResetTokens extends SingleUseTokens {

    public ResetTokens(JdbcClient jdbc, Clock clock) {
        super(jdbc, clock, "reset_token");
    }
}

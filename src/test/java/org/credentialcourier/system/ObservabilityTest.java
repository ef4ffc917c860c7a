package org.credentialcourier.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Http;
import org.credentialcourier.support.Http.Response;
import org.credentialcourier.support.Scenario;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** What process owners and operators see: the health of the database and the SMTP server, and the counters. */
@CourierTest
class ObservabilityTest {

    @LocalServerPort int port;
    @Autowired Scenario scenario;

    @Test
    void healthShowsTheDatabaseAndTheSmtpServerToAllAndTheirDetailsToAdmins() {
        Response anonymous = Http.anonymous(port).get("/actuator/health");
        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.json().at("/components/db/status").asText()).isEqualTo("UP");
        assertThat(anonymous.json().at("/components/mail/status").asText()).isEqualTo("UP");
        assertThat(anonymous.json().at("/components/mail/details").isMissingNode()).isTrue();

        Response admin = Http.as(port, "demo", "demo").get("/actuator/health");
        assertThat(admin.json().at("/components/mail/details/location").asText()).startsWith("127.0.0.1:");
    }

    @Test
    void countersForInvitationsAndEmailsAreAdminOnly() {
        scenario.inviteAndDeliver(scenario.newContact());
        assertThat(Http.anonymous(port).get("/actuator/prometheus").status()).isEqualTo(401);
        Response metrics = Http.as(port, "demo", "demo").get("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("courier_invitations_total{outcome=\"started\"}")
                .contains("courier_emails_total{outcome=\"sent\",template=\"invitation\"}")
                .contains("courier_invitation_time_to_acceptance");
        assertThat(Http.anonymous(port).get("/actuator/env").status()).isEqualTo(401);
    }
}

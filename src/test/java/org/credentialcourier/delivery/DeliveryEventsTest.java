package org.credentialcourier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.credentialcourier.delivery.DeliveryEvent.Kind;
import org.credentialcourier.delivery.DeliveryEvents.Outcome;
import org.credentialcourier.mail.MailLogEntry;
import org.credentialcourier.mail.MailLogEntry.Status;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.mail.MailLog;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Scenario;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What happens to an email after the server's 250: each attempt is named outside Courier (Message-ID, VERP envelope
 * sender) so that a delivery event finds it again.
 */
@CourierTest
class DeliveryEventsTest {

    @Autowired ProcessEngine engine;
    @Autowired Scenario scenario;
    @Autowired MailLog mailLog;
    @Autowired AttemptAddresses addresses;
    @Autowired DeliveryEvents events;
    @Autowired Suppressions suppressions;

    @BeforeEach
    void init() {
        BpmnAwareTests.init(engine);
    }

    @Test
    void everyAttemptCarriesTheMessageIdOfTheMailLogAndAVerpEnvelopeSenderNamingIt() throws Exception {
        Contact contact = scenario.newContact();
        var first = scenario.firstAttempt(contact);
        scenario.runDeliveryJob(first.delivery());

        var received = scenario.lastMail(contact.email());
        var entry = mailLog.forInvitation(scenario.idOf(first.invitation())).get(0);
        assertThat(entry.messageId()).isEqualTo(received.getMessageID())
                .isEqualTo("<" + first.delivery().getId() + ".1@courier.example.test>");
        String returnPath = received.getHeader("Return-Path")[0];
        assertThat(returnPath).isEqualTo("<bounces+" + first.delivery().getId() + ".1@courier.example.test>");
        assertThat(addresses.messageIdOfVerp(returnPath)).contains(entry.messageId());
        assertThat(addresses.messageIdOfVerp("BOUNCES+" + first.delivery().getId() + ".1@Courier.Example.Test"))
                .as("any case").contains(entry.messageId());
        assertThat(addresses.messageIdOfVerp("bounces+x@elsewhere.test")).isEmpty();
        assertThat(addresses.messageIdOfVerp("bounces+../../etc@courier.example.test")).isEmpty();
    }

    @Test
    void aDeliveryReportIsRecordedOnItsAttemptAndItsReplayChangesNothing() {
        MailLogEntry sent = scenario.deliveredInvitationEmail();
        DeliveryEvent delivered = event(Kind.DELIVERED, sent.messageId(), "2.0.0", "250 OK queued as 12345");

        assertThat(events.apply(delivered)).isEqualTo(Outcome.APPLIED);
        MailLogEntry after = scenario.reread(sent);
        assertThat(after.status()).isEqualTo(Status.SENT);
        assertThat(after.deliveryEvent()).isEqualTo("delivered");
        assertThat(after.eventReason()).isEqualTo("2.0.0 250 OK queued as 12345");

        assertThat(events.apply(delivered)).isEqualTo(Outcome.REPLAYED);
        assertThat(scenario.reread(sent)).isEqualTo(after);
    }

    @Test
    void aPermanentBounceMakesTheAttemptBouncedForGoodAndLaterNewsOfItChangesNothing() {
        MailLogEntry sent = scenario.deliveredInvitationEmail();
        DeliveryEvent bounce = event(Kind.BOUNCED, sent.messageId(), "5.1.1", "smtp; 550 5.1.1 user unknown");

        assertThat(events.apply(bounce)).isEqualTo(Outcome.APPLIED);
        MailLogEntry bounced = scenario.reread(sent);
        assertThat(bounced.status()).isEqualTo(Status.BOUNCED);
        assertThat(bounced.deliveryEvent()).isEqualTo("bounced");
        assertThat(bounced.eventReason()).isEqualTo("5.1.1 smtp; 550 5.1.1 user unknown");

        assertThat(events.apply(bounce)).as("replayed").isEqualTo(Outcome.REPLAYED);
        assertThat(events.apply(event(Kind.DELIVERED, sent.messageId(), "2.0.0", "late")))
                .isEqualTo(Outcome.SUPERSEDED);
        assertThat(scenario.reread(sent)).isEqualTo(bounced);
    }

    @Test
    void anEventAboutNoAttemptIsKeptAndChangesNothing() {
        assertThat(events.apply(event(Kind.BOUNCED, "<nobody.1@elsewhere.test>", "5.1.1", "unknown")))
                .isEqualTo(Outcome.UNMATCHED);
        assertThat(events.apply(event(Kind.BOUNCED, null, "5.1.1", "no Message-ID at all")))
                .isEqualTo(Outcome.UNMATCHED);
    }



    /**
     * A mailbox full for days never delivers either: the third temporary failure of one address within the window
     * (any attempt to it) counts as a permanent bounce, suppresses the address and takes the admin path.
     */
    @Test
    void repeatedTransientBouncesOfOneAddressCountAsPermanent() {
        MailLogEntry sent = scenario.deliveredInvitationEmail();
        for (int i = 1; i <= 2; i++) {
            assertThat(events.apply(event(Kind.BOUNCED_TRANSIENT, sent.messageId(), "4.2.2", "mailbox full " + i)))
                    .isEqualTo(Outcome.APPLIED);
            MailLogEntry deferred = scenario.reread(sent);
            assertThat(deferred.status()).as("after %d", i).isEqualTo(Status.SENT);
            assertThat(deferred.deliveryEvent()).isEqualTo("bounced-transient");
            assertThat(suppressions.find(sent.recipient())).as("after %d", i).isEmpty();
        }

        assertThat(events.apply(event(Kind.BOUNCED_TRANSIENT, sent.messageId(), "4.2.2", "mailbox full 3")))
                .isEqualTo(Outcome.APPLIED);

        MailLogEntry bounced = scenario.reread(sent);
        assertThat(bounced.status()).isEqualTo(Status.BOUNCED);
        assertThat(bounced.deliveryEvent()).isEqualTo("bounced");
        assertThat(bounced.eventReason()).startsWith("4.2.2 3 temporary failures since ")
                .endsWith(", counted as permanent; the last: mailbox full 3");
        assertThat(suppressions.find(sent.recipient())).hasValueSatisfying(s -> assertThat(s.kind()).isEqualTo("bounced"));
    }

    private static DeliveryEvent event(Kind kind, String messageId, String code, String diagnostic) {
        return new DeliveryEvent("test:" + UUID.randomUUID(), "test", kind, messageId, "someone@example.org", code,
                diagnostic, Instant.parse("2026-01-01T10:00:00Z"));
    }
}

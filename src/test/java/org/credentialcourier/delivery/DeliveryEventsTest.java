package org.credentialcourier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

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
}

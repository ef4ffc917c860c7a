package org.credentialcourier.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.credentialcourier.delivery.MailDeliveryProcess;
import org.credentialcourier.delivery.Suppressions;
import org.credentialcourier.invitation.InvitationService;
import org.credentialcourier.invitation.InvitationStatus;
import org.credentialcourier.mail.MailLogEntry;
import org.credentialcourier.mail.MailLogEntry.Status;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Scenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The bounce mailbox over a real IMAP server (GreenMail's), with reports written as Postfix, Exchange, Gmail and Exim
 * write them (and a feedback loop's complaint): each bounce reaches its attempt by VERP address or by the returned original's Message-ID, the read
 * report moves to the processed folder, a message that is no report stays in the unreadable folder, counted.
 */
@CourierTest
class BounceMailboxTest {

    private static final String USER = "bounces";
    private static final String PASSWORD = "imap secret 42";

    @Autowired ProcessEngine engine;
    @Autowired Scenario scenario;
    @Autowired BounceMailbox mailbox;
    @Autowired BounceMailboxProperties configured;
    @Autowired InvitationService invitations;
    @Autowired Suppressions suppressions;

    private GreenMail imap;
    private GreenMailUser account;
    private BounceMailboxProperties settings;

    @BeforeEach
    void startImap() {
        BpmnAwareTests.init(engine);
        imap = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort());
        imap.start();
        account = imap.setUser("bounces@courier.example.test", USER, PASSWORD);
        settings = configured.at("127.0.0.1", imap.getImap().getPort(), false, USER, PASSWORD);
    }

    @AfterEach
    void stopImap() {
        imap.stop();
    }

    @Test
    void aPostfixBounceSentToTheVerpAddressMakesItsAttemptBounced() throws Exception {
        MailLogEntry sent = scenario.deliveredInvitationEmail();
        deliver("postfix.eml", sent);

        BounceMailbox.Poll poll = mailbox.poll(settings);

        assertThat(poll).isEqualTo(new BounceMailbox.Poll(1, 1, 0, 0));
        MailLogEntry bounced = scenario.reread(sent);
        assertThat(bounced.status()).isEqualTo(Status.BOUNCED);
        assertThat(bounced.eventReason()).startsWith("5.1.1 550 5.1.1 <" + sent.recipient()
                + ">: Recipient address rejected: User unknown in virtual mailbox table");
        assertThat(count("INBOX")).isZero();
        assertThat(count("Processed")).isEqualTo(1);
        assertThat(invitations.get(sent.invitationId()).status()).isEqualTo(InvitationStatus.BOUNCED);
        assertThat(engine.getTaskService().createTaskQuery().processInstanceBusinessKey(
                scenario.instancesAbout(sent.invitationId()).get(0).getBusinessKey())
                .taskDefinitionKey(MailDeliveryProcess.Elements.RESOLVE_FAILED_DELIVERY).count())
                .as("an admin decides").isEqualTo(1);
    }

    @Test
    void anExchangeReportWithoutVerpFindsItsAttemptByTheReturnedMessage() throws Exception {
        MailLogEntry sent = scenario.deliveredInvitationEmail();
        deliver("exchange.eml", sent);

        assertThat(mailbox.poll(settings).applied()).isEqualTo(1);

        assertThat(scenario.reread(sent).status()).isEqualTo(Status.BOUNCED);
        assertThat(scenario.reread(sent).eventReason()).isEqualTo(
                "5.1.10 550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup");
    }

    @Test
    void aGmailReportIsReadAndItsRepetitionChangesNothing() throws Exception {
        MailLogEntry sent = scenario.deliveredInvitationEmail();
        deliver("gmail.eml", sent);
        assertThat(mailbox.poll(settings).applied()).isEqualTo(1);
        MailLogEntry bounced = scenario.reread(sent);
        assertThat(bounced.eventReason()).startsWith("5.1.1 550-5.1.1 The email account that you tried to reach");

        deliver("gmail.eml", sent);
        BounceMailbox.Poll again = mailbox.poll(settings);

        assertThat(again).as("read, not applied twice").isEqualTo(new BounceMailbox.Poll(1, 0, 0, 0));
        assertThat(scenario.reread(sent)).isEqualTo(bounced);
        assertThat(count("Processed")).isEqualTo(2);
    }

    @Test
    void anEximBounceWithOnlyXFailedRecipientsIsReadFromItsText() throws Exception {
        MailLogEntry sent = scenario.deliveredInvitationEmail();
        deliver("exim.eml", sent);

        assertThat(mailbox.poll(settings).applied()).isEqualTo(1);

        assertThat(scenario.reread(sent).status()).isEqualTo(Status.BOUNCED);
        assertThat(scenario.reread(sent).eventReason()).isEqualTo("5.7.1 550 5.7.1 <" + sent.recipient() + ">: mailbox disabled");
    }

    @Test
    void aFeedbackLoopReportIsAComplaintThatSuppressesTheAddressButBouncesNothing() throws Exception {
        MailLogEntry sent = scenario.deliveredInvitationEmail();
        deliver("complaint-arf.eml", sent);

        assertThat(mailbox.poll(settings).applied()).isEqualTo(1);

        assertThat(scenario.reread(sent).status()).isEqualTo(Status.SENT);
        assertThat(scenario.reread(sent).deliveryEvent()).isEqualTo("complained");
        assertThat(suppressions.find(sent.recipient())).hasValueSatisfying(s -> assertThat(s.kind())
                .isEqualTo("complained"));
        assertThat(invitations.get(sent.invitationId()).status()).isEqualTo(InvitationStatus.PENDING);
    }

    @Test
    void aDelayWarningIsADeferralThatLeavesTheEmailSent() throws Exception {
        MailLogEntry sent = scenario.deliveredInvitationEmail();
        deliver("delayed.eml", sent);

        assertThat(mailbox.poll(settings).applied()).isEqualTo(1);

        assertThat(scenario.reread(sent).status()).isEqualTo(Status.SENT);
        assertThat(scenario.reread(sent).deliveryEvent()).isEqualTo("deferred");
        assertThat(scenario.reread(sent).eventReason()).startsWith("4.4.1 connect to mx.example.org");
    }

    @Test
    void aMessageThatIsNoReportIsKeptAndCounted() throws Exception {
        MailLogEntry sent = scenario.deliveredInvitationEmail();
        deliver("out-of-office.eml", sent);

        assertThat(mailbox.poll(settings)).isEqualTo(new BounceMailbox.Poll(1, 0, 1, 0));

        assertThat(scenario.reread(sent).status()).isEqualTo(Status.SENT);
        assertThat(count("INBOX")).isZero();
        assertThat(count("Unreadable")).isEqualTo(1);
    }

    @Test
    void withoutFoldersReadReportsStayFlaggedSeenAndAreNotReadAgain() throws Exception {
        MailLogEntry sent = scenario.deliveredInvitationEmail();
        deliver("postfix.eml", sent);
        var flagging = new BounceMailboxProperties(true, "127.0.0.1", imap.getImap().getPort(), false, USER, PASSWORD,
                "INBOX", "", "", configured.pollInterval());

        assertThat(mailbox.poll(flagging).read()).isEqualTo(1);
        assertThat(mailbox.poll(flagging).read()).as("seen").isZero();
        assertThat(count("INBOX")).isEqualTo(1);
    }



    /** Puts the report, written for the attempt, into the bounce mailbox as the provider's server would. */
    private void deliver(String fixture, MailLogEntry attempt) throws IOException, MessagingException {
        String token = attempt.messageId().substring(1, attempt.messageId().indexOf('@'));
        String raw;
        try (InputStream in = getClass().getResourceAsStream("/bounces/" + fixture)) {
            raw = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        raw = raw.replace("${verp}", "bounces+" + token + "@courier.example.test")
                .replace("${messageId}", attempt.messageId()).replace("${recipient}", attempt.recipient())
                .replace("\r\n", "\n").replace("\n", "\r\n");
        account.deliver(new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII))));
    }

    private int count(String folderName) throws MessagingException {
        Session session = Session.getInstance(new Properties());
        try (Store store = session.getStore("imap")) {
            store.connect("127.0.0.1", imap.getImap().getPort(), USER, PASSWORD);
            Folder folder = store.getFolder(folderName);
            if (!folder.exists()) {
                return 0;
            }
            folder.open(Folder.READ_ONLY);
            try {
                return folder.getMessageCount();
            } finally {
                folder.close(false);
            }
        }
    }
}

package org.credentialcourier.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.eclipse.angus.mail.util.SocketConnectException;
import org.junit.jupiter.api.Test;

/** Which SMTP failures are worth a retry (transient) and which need a person (permanent). */
class SmtpFailureClassificationTest {

    @Test
    void noConnectionIsTransient() {
        var refused = new MailConnectException(new SocketConnectException("refused", new ConnectException(), "h", 25, 5000));
        assertThat(SmtpGateway.classify(refused).kind()).isEqualTo(MailFailure.Kind.TRANSIENT);
    }

    @Test
    void fourHundredsAreTransientAndFiveHundredsPermanent() throws Exception {
        InternetAddress to = new InternetAddress("ada@example.org");
        var busy = new SendFailedException("Invalid Addresses", new SMTPAddressFailedException(to, "RCPT TO", 451, "451 try later"));
        assertThat(SmtpGateway.classify(busy).kind()).isEqualTo(MailFailure.Kind.TRANSIENT);

        var unknown = new SendFailedException("Invalid Addresses", new SMTPAddressFailedException(to, "RCPT TO", 550, "550 no such user"));
        MailFailure failure = SmtpGateway.classify(unknown);
        assertThat(failure.kind()).isEqualTo(MailFailure.Kind.PERMANENT);
        assertThat(failure.getMessage()).contains("550 no such user");

        var dataRefused = new SMTPSendFailedException("DATA", 554, "554 spam", null, null, null, null);
        assertThat(SmtpGateway.classify(dataRefused).kind()).isEqualTo(MailFailure.Kind.PERMANENT);
    }

    @Test
    void reasonsCarryNoLineBreaks() {
        var broken = new MessagingException("line one\r\nline two");
        assertThat(SmtpGateway.classify(broken).getMessage()).doesNotContain("\r", "\n");
    }
}

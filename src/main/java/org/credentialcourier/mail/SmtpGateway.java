package org.credentialcourier.mail;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Map;

import jakarta.activation.FileTypeMap;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.NoSuchProviderException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.credentialcourier.system.CourierProperties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.springframework.mail.javamail.ConfigurableMimeFileTypeMap;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Sends one message over SMTP and returns the server's answer, so the mail log can say what the server said. Failures
 * are classified into {@link MailFailure}s; a failure that is neither (bad credentials for the SMTP server, a broken
 * configuration) is thrown as it is, for the engine's job retries and finally an incident.
 */
@Component
public class SmtpGateway {

    private final JavaMailSenderImpl sender;
    private final InternetAddress from;

    public SmtpGateway(JavaMailSenderImpl sender, CourierProperties properties) throws AddressException {
        this.sender = sender;
        this.from = new InternetAddress(properties.mail().from(), true);
    }

    /**
     * The server's last reply, e.g. {@code 250 OK}. {@code envelopeFrom}: the SMTP envelope sender (where bounces go),
     * e.g. a VERP address naming the attempt; {@code null} for the From address.
     */
    public String send(ComposedMail mail, String messageId, String envelopeFrom) throws MailFailure {
        MimeMessage message;
        try {
            message = build(mail, messageId, envelopeFrom);
        } catch (AddressException e) {
            throw new MailFailure(MailFailure.Kind.PERMANENT, "invalid recipient address", e);
        } catch (MessagingException e) {
            throw new IllegalStateException("The " + mail.template() + " email could not be built: " + e.getMessage()
                    + "; check courier.mail.from and the template", e);
        }
        Session session = sender.getSession();
        try (Transport transport = session.getTransport(sender.getProtocol())) {
            transport.connect(sender.getHost(), sender.getPort(), sender.getUsername(), sender.getPassword());
            transport.sendMessage(message, message.getAllRecipients());
            return transport instanceof SMTPTransport smtp
                    ? MailLog.bounded(smtp.getLastServerResponse().strip(), MailLog.MAX_REPLY) : "accepted";
        } catch (AuthenticationFailedException e) {
            throw new IllegalStateException("SMTP server " + server() + " refused the configured credentials; "
                    + "check spring.mail.username and spring.mail.password", e);
        } catch (NoSuchProviderException e) {
            throw new IllegalStateException("Mail protocol '" + sender.getProtocol() + "' is not available; "
                    + "check spring.mail.protocol (smtp or smtps)", e);
        } catch (MessagingException e) {
            throw classify(e);
        }
    }

    private String server() {
        return sender.getHost() + ":" + sender.getPort();
    }

    private MimeMessage build(ComposedMail mail, String messageId, String envelopeFrom) throws MessagingException {
        FixedIdMimeMessage message = new FixedIdMimeMessage(sender.getSession(), messageId);
        // a server that offers DSN (RFC 3461) returns only the headers in a bounce, never the body: a bounced
        // credentials email would otherwise come back, password included, to the bounce mailbox
        message.setReturnOption(SMTPMessage.RETURN_HDRS);
        if (envelopeFrom != null) {
            message.setEnvelopeFrom(new InternetAddress(envelopeFrom, true).getAddress());
        }
        MimeMessageHelper helper = new SharedTypesHelper(message);
        helper.setFrom(from);
        // the bare address, no display name: a mail client shows a display name instead of the address, so a name
        // could pass for another address or a brand; the name greets the recipient in the text only (as Keycloak)
        helper.setTo(new InternetAddress(mail.recipientEmail(), true));
        helper.setSubject(mail.subject());
        helper.setText(mail.textBody(), mail.htmlBody());
        for (Map.Entry<String, String> header : mail.headers().entrySet()) {
            message.setHeader(header.getKey(), header.getValue());
        }
        message.saveChanges();
        return message;
    }

    static MailFailure classify(MessagingException e) {
        int code = replyCode(e);
        String reason = summary(e);
        if (code >= 500) {
            return new MailFailure(MailFailure.Kind.PERMANENT, reason, e);
        }
        if (code >= 400) {
            return new MailFailure(MailFailure.Kind.TRANSIENT, reason, e);
        }
        if (e instanceof SendFailedException failed && failed.getInvalidAddresses() != null
                && failed.getInvalidAddresses().length > 0) {
            return new MailFailure(MailFailure.Kind.PERMANENT, reason, e);
        }
        // no SMTP reply at all: the connection was refused, timed out or broke
        return new MailFailure(MailFailure.Kind.TRANSIENT, reason, e);
    }

    /** The most severe SMTP reply code anywhere in the exception chain, or 0 when the server never answered. */
    private static int replyCode(Exception e) {
        int code = 0;
        for (Exception current = e; current != null; current = next(current)) {
            int here = 0;
            if (current instanceof SMTPAddressFailedException a) {
                here = a.getReturnCode();
            } else if (current instanceof SMTPSenderFailedException s) {
                here = s.getReturnCode();
            } else if (current instanceof SMTPSendFailedException f) {
                here = f.getReturnCode();
            }
            code = Math.max(code, here);
        }
        return code;
    }

    private static Exception next(Exception e) {
        if (e instanceof MessagingException m && m.getNextException() != null && m.getNextException() != e) {
            return m.getNextException();
        }
        return null;
    }

    private static String summary(Exception e) {
        StringBuilder text = new StringBuilder();
        for (Exception current = e; current != null; current = next(current)) {
            if (!text.isEmpty()) {
                text.append(" / ");
            }
            String message = current.getMessage();
            if (current instanceof SocketTimeoutException || current.getCause() instanceof SocketTimeoutException) {
                message = "timed out: " + message;
            } else if (current.getCause() instanceof IOException io && message != null && !message.contains(io.getClass().getSimpleName())) {
                message = message + " (" + io.getClass().getSimpleName() + ": " + io.getMessage() + ")";
            }
            text.append(message == null ? current.getClass().getSimpleName() : message.strip());
        }
        // the servers' text, of any length: bounded here, before it becomes a process variable, a BPMN error's
        // message and a mail log row (Camunda's text columns hold 4,000 characters)
        return MailLog.bounded(text.toString().replaceAll("\\p{Cntrl}+", " "), MailLog.MAX_REPLY);
    }

    /**
     * Spring's helper reads {@code mime.types} into a new file type map for every message that
     * {@link JavaMailSenderImpl} did not create itself; this one shares one map, built once (6 % of the CPU of an
     * invitation, docs/BENCHMARKS.md).
     */
    private static final class SharedTypesHelper extends MimeMessageHelper {

        /** Read once; a {@link FileTypeMap} only answers lookups after {@code afterPropertiesSet}. */
        private static final FileTypeMap FILE_TYPES = fileTypes();

        SharedTypesHelper(MimeMessage message) throws MessagingException {
            super(message, MULTIPART_MODE_MIXED_RELATED, "UTF-8");
        }

        @Override
        protected FileTypeMap getDefaultFileTypeMap(MimeMessage mimeMessage) {
            return FILE_TYPES;
        }

        private static FileTypeMap fileTypes() {
            ConfigurableMimeFileTypeMap types = new ConfigurableMimeFileTypeMap();
            types.afterPropertiesSet();
            return types;
        }
    }

    /**
     * Keeps the Message-ID the mail log knows, rather than one that {@code saveChanges()} invents; an
     * {@link SMTPMessage} so that each message can carry its own envelope sender.
     */
    private static final class FixedIdMimeMessage extends SMTPMessage {

        private final String messageId;

        FixedIdMimeMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}

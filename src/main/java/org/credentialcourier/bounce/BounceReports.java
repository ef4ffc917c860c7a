package org.credentialcourier.bounce;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;

import org.credentialcourier.delivery.AttemptAddresses;
import org.credentialcourier.delivery.DeliveryEvent;
import org.credentialcourier.delivery.DeliveryEvent.Kind;
import org.eclipse.angus.mail.dsn.DeliveryStatus;
import org.springframework.stereotype.Component;

/**
 * Reads a message of the bounce mailbox as {@link DeliveryEvent}s. Understood: delivery status notifications per
 * RFC 3464 ({@code multipart/report; report-type=delivery-status}, read with Angus Mail's {@link DeliveryStatus}), as
 * Postfix, Exchange, Gmail and Exim with DSNs send them; feedback loop reports (RFC 5965,
 * {@code report-type=feedback-report}) as complaints; and the common non-standard bounce, a plain text with an
 * {@code X-Failed-Recipients} header and the returned original quoted in the text (Exim's classic form). An event
 * names its attempt by the VERP address the report was sent to, or else by the Message-ID of the returned original.
 * An empty list: not a report this reader understands (the mailbox keeps it and counts it).
 */
@Component
public class BounceReports {

    private static final Pattern MESSAGE_ID = Pattern.compile("(?im)^Message-ID:[ \\t]*(<[^>\\s]{1,250}>)");
    private static final Pattern ENHANCED_STATUS = Pattern.compile("\\b([245]\\.\\d{1,3}\\.\\d{1,3})\\b");
    private static final Pattern SMTP_REPLY = Pattern.compile("(?m)^\\s*([45]\\d\\d)[ -]");
    private static final String[] ADDRESSED_TO = {"To", "Delivered-To", "X-Original-To", "Envelope-To"};
    private static final int MAX_TEXT = 200_000;

    private final AttemptAddresses addresses;
    private final Clock clock;

    public BounceReports(AttemptAddresses addresses, Clock clock) {
        this.addresses = addresses;
        this.clock = clock;
    }

    /** The events the message reports; empty when it is no report this reader understands. */
    public List<DeliveryEvent> read(MimeMessage message) throws MessagingException, IOException {
        String key = "imap:" + identity(message);
        Instant at = message.getSentDate() == null ? clock.instant() : message.getSentDate().toInstant();
        Optional<String> verp = verpMessageId(message);
        if (message.isMimeType("multipart/report")) {
            String reportType = new ContentType(message.getContentType()).getParameter("report-type");
            Multipart parts = (Multipart) message.getContent();
            String quoted = quotedMessageId(parts);
            String messageId = verp.orElse(quoted);
            if ("delivery-status".equalsIgnoreCase(reportType)) {
                return deliveryStatus(parts, key, messageId, at);
            }
            if ("feedback-report".equalsIgnoreCase(reportType)) {
                return List.of(new DeliveryEvent(key + ":0", "bounce-mailbox", Kind.COMPLAINED, messageId,
                        feedbackRecipient(parts), null, "marked as spam (feedback report)", at));
            }
            return List.of();
        }
        String[] failed = message.getHeader("X-Failed-Recipients");
        if (failed != null && message.isMimeType("text/plain")) {
            String text = text(message);
            String messageId = verp.orElseGet(() -> firstMessageId(text));
            String status = firstMatch(ENHANCED_STATUS, text);
            String reply = firstMatch(SMTP_REPLY, text);
            boolean transientFailure = status != null ? status.startsWith("4") : reply != null && reply.startsWith("4");
            List<DeliveryEvent> events = new ArrayList<>();
            int index = 0;
            for (String recipient : String.join(",", failed).split(",")) {
                if (!recipient.isBlank()) {
                    events.add(new DeliveryEvent(key + ":" + index++, "bounce-mailbox",
                            transientFailure ? Kind.BOUNCED_TRANSIENT : Kind.BOUNCED, messageId, recipient.strip(),
                            status != null ? status : reply, diagnosticLine(text, recipient.strip()), at));
                }
            }
            return events;
        }
        return List.of();
    }

    private List<DeliveryEvent> deliveryStatus(Multipart parts, String key, String messageId, Instant at)
            throws MessagingException, IOException {
        List<DeliveryEvent> events = new ArrayList<>();
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (!part.isMimeType("message/delivery-status")) {
                continue;
            }
            DeliveryStatus status;
            try (InputStream in = part.getInputStream()) {
                status = new DeliveryStatus(in);
            }
            for (int r = 0; r < status.getRecipientDSNCount(); r++) {
                InternetHeaders recipient = status.getRecipientDSN(r);
                Kind kind = kind(header(recipient, "Action"), header(recipient, "Status"));
                if (kind == null) {
                    continue;
                }
                String address = typed(header(recipient, "Final-Recipient"));
                if (address == null) {
                    address = typed(header(recipient, "Original-Recipient"));
                }
                events.add(new DeliveryEvent(key + ":" + r, "bounce-mailbox", kind, messageId, address,
                        header(recipient, "Status"), typed(header(recipient, "Diagnostic-Code")), at));
            }
        }
        return events;
    }

    /** RFC 3464's Action and Status as an event's kind; null for an action that says nothing of the outcome. */
    private static Kind kind(String action, String status) {
        String what = action == null ? "" : action.strip().toLowerCase(Locale.ROOT);
        boolean transientStatus = status != null && status.strip().startsWith("4");
        return switch (what) {
            case "failed" -> transientStatus ? Kind.BOUNCED_TRANSIENT : Kind.BOUNCED;
            case "delayed" -> Kind.DEFERRED;
            case "delivered", "relayed", "expanded" -> Kind.DELIVERED;
            default -> null;
        };
    }

    /** The Message-ID of the returned original, from its full copy or its headers alone. */
    private static String quotedMessageId(Multipart parts) throws MessagingException, IOException {
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (part.isMimeType("message/rfc822") || part.isMimeType("text/rfc822-headers")
                    || part.isMimeType("message/rfc822-headers")) {
                try (InputStream in = part.getInputStream()) {
                    String id = new InternetHeaders(in).getHeader("Message-ID", null);
                    if (id != null) {
                        return id.strip();
                    }
                }
            }
        }
        return null;
    }

    private static String feedbackRecipient(Multipart parts) throws MessagingException, IOException {
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (part.isMimeType("message/feedback-report")) {
                try (InputStream in = part.getInputStream()) {
                    InternetHeaders report = new InternetHeaders(in);
                    return typed(report.getHeader("Original-Rcpt-To", null));
                }
            }
        }
        return null;
    }

    /** The attempt named by the VERP address the report was sent to, if this application's form. */
    private Optional<String> verpMessageId(MimeMessage message) throws MessagingException {
        for (String name : ADDRESSED_TO) {
            String[] values = message.getHeader(name);
            if (values == null) {
                continue;
            }
            for (String value : values) {
                for (String address : value.split(",")) {
                    String bare = address.strip();
                    int open = bare.lastIndexOf('<');
                    if (open >= 0 && bare.endsWith(">")) {
                        bare = bare.substring(open + 1, bare.length() - 1);
                    }
                    Optional<String> found = addresses.messageIdOfVerp(bare);
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The report's own identity: its Message-ID, else a digest of its bytes, so that the same report has one key. */
    private static String identity(MimeMessage message) throws MessagingException, IOException {
        String id = message.getMessageID();
        if (id != null && !id.isBlank()) {
            return id.strip();
        }
        try (InputStream in = message.getRawInputStream()) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] head = String.join("\n", headerLines(message)).getBytes(StandardCharsets.UTF_8);
            sha.update(head);
            sha.update(in.readAllBytes());
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> headerLines(MimeMessage message) throws MessagingException {
        List<String> lines = new ArrayList<>();
        var all = message.getAllHeaderLines();
        while (all.hasMoreElements()) {
            lines.add(all.nextElement());
        }
        return lines;
    }

    private static String text(Part part) throws MessagingException, IOException {
        Object content = part.getContent();
        String text = content instanceof String s ? s : "";
        return text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
    }

    private static String firstMessageId(String text) {
        int copy = text.indexOf("copy of the message");
        String quoted = copy >= 0 ? text.substring(copy) : text;
        String id = firstMatch(MESSAGE_ID, quoted);
        return id != null ? id : firstMatch(MESSAGE_ID, text);
    }

    /** The first line of the text after the failed recipient's address that reads like a server's reply. */
    private static String diagnosticLine(String text, String recipient) {
        int at = text.indexOf(recipient);
        String after = at >= 0 ? text.substring(at + recipient.length()) : text;
        Matcher reply = Pattern.compile("(?m)^\\s*([45]\\d\\d[ -].*)$").matcher(after);
        return reply.find() ? reply.group(1).strip() : null;
    }

    private static String firstMatch(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? matcher.group(1) : null;
    }

    private static String header(InternetHeaders headers, String name) {
        String value = headers.getHeader(name, " ");
        return value == null ? null : value.replaceAll("\\s+", " ").strip();
    }

    /** {@code rfc822; a@b} or {@code smtp; 550 ...} without its type; null stays null. */
    private static String typed(String value) {
        if (value == null) {
            return null;
        }
        int semicolon = value.indexOf(';');
        return (semicolon >= 0 ? value.substring(semicolon + 1) : value).strip();
    }
}

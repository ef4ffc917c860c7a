package org.credentialcourier.mail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.util.GreenMail;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * What the embedded SMTP server received, read for the console's mailbox page. The server keeps one mailbox per
 * recipient (and lists them one recipient after the other); this reads every stored message with the instant the
 * server received it, to the millisecond, so the page can show them newest first across all recipients. Exists only
 * while the embedded server runs (the demo's defaults); the page shows the mails as sent, links included.
 */
@Component
@ConditionalOnProperty(name = "courier.mail.embedded-smtp.enabled", havingValue = "true", matchIfMissing = true)
public class EmbeddedMailbox {

    private static final Pattern LINK = Pattern.compile("https?://[^\\s<>\"]+");
    private static final Pattern ID = Pattern.compile("[0-9a-f]{20}");

    private final GreenMail greenMail;

    public EmbeddedMailbox(GreenMail greenMail) {
        this.greenMail = greenMail;
    }

    /**
     * A received message as the console shows it; {@code id} names it in the mailbox's links while the server runs.
     * {@code html} is the HTML part as the member's mail program gets it, or null for a text-only mail.
     */
    public record ReceivedMail(String id, Instant receivedAt, String from, String to, String subject, String text,
                               String html, List<String> links) {
    }

    /** Page {@code page} (from 0) of the mailbox, newest first, of {@code pages}; {@code total} messages in all. */
    public record MailPage(List<ReceivedMail> mails, int page, int pages, int total) {
    }

    /** A page of {@code size} messages, newest first across all recipients; a page past the last shows the last. */
    public MailPage newestFirst(int page, int size) {
        List<StoredMessage> all = stored();
        int pages = Math.max(1, (all.size() + size - 1) / size);
        int shown = Math.max(0, Math.min(page, pages - 1));
        List<ReceivedMail> mails = new ArrayList<>();
        for (int i = shown * size; i < Math.min(all.size(), (shown + 1) * size); i++) {
            mails.add(read(all.get(i)));
        }
        return new MailPage(mails, shown, pages, all.size());
    }

    /** The message with this id, if the server still holds it. */
    public Optional<ReceivedMail> find(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return Optional.empty();
        }
        return stored().stream().filter(message -> id.equals(idOf(message))).findFirst().map(EmbeddedMailbox::read);
    }

    /**
     * Forgets every message the embedded server holds for this address (in any case), and the server's user for it:
     * a deleted person's mail goes from the console's mailbox too.
     */
    public void forget(String address) {
        var users = greenMail.getManagers().getUserManager();
        for (var user : List.copyOf(users.listUser())) {
            if (!address.equalsIgnoreCase(user.getEmail())) {
                continue;
            }
            try {
                greenMail.getManagers().getImapHostManager().getInbox(user).deleteAllMessages();
            } catch (com.icegreen.greenmail.store.FolderException e) {
                throw new IllegalStateException("The embedded server's mailbox could not be emptied", e);
            }
            users.deleteUser(user);
        }
    }

    private List<StoredMessage> stored() {
        List<StoredMessage> all = new ArrayList<>(greenMail.getManagers().getImapHostManager().getAllMessages());
        all.sort(Comparator.comparing(EmbeddedMailbox::receivedAt).thenComparingLong(StoredMessage::getUid)
                .reversed());
        return all;
    }

    private static Instant receivedAt(StoredMessage message) {
        return message.getReceivedDate() == null ? Instant.EPOCH : message.getReceivedDate().toInstant();
    }

    /**
     * A name for one stored copy: a message to two recipients is stored twice, with the same Message-ID. Derived from
     * what the copy holds, so it stays the same from one request to the next without a table of its own.
     */
    private static String idOf(StoredMessage message) {
        try {
            String messageId = message.getMimeMessage().getMessageID();
            String key = messageId + "\n" + addresses(message.getMimeMessage().getAllRecipients()) + "\n"
                    + receivedAt(message).toEpochMilli() + "\n" + message.getUid();
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 10);
        } catch (MessagingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("A stored message could not be read", e);
        }
    }

    private static ReceivedMail read(StoredMessage stored) {
        MimeMessage message = stored.getMimeMessage();
        try {
            String text = plainText(message);
            List<String> links = new ArrayList<>();
            Matcher matcher = LINK.matcher(text == null ? "" : text);
            while (matcher.find()) {
                links.add(matcher.group());
            }
            return new ReceivedMail(idOf(stored), receivedAt(stored), addresses(message.getFrom()),
                    addresses(message.getAllRecipients()), message.getSubject(), text, textPart(message, "text/html"),
                    links);
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("A stored message could not be read", e);
        }
    }

    private static String addresses(Address[] addresses) {
        return addresses == null ? "" : String.join(", ", Arrays.stream(addresses).map(Object::toString).toList());
    }

    /** The text/plain part of a message, however deep in its multiparts. */
    public static String plainText(Part part) throws MessagingException, IOException {
        return textPart(part, "text/plain");
    }

    /** The first part of the given text type ({@code text/plain}, {@code text/html}), however deep. */
    public static String textPart(Part part, String mimeType) throws MessagingException, IOException {
        if (part.isMimeType(mimeType)) {
            return (String) part.getContent();
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                String text = textPart(child, mimeType);
                if (text != null) {
                    return text;
                }
            }
        }
        return null;
    }
}

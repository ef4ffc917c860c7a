package org.credentialcourier.bounce;

import java.util.List;
import java.util.Properties;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.FlagTerm;

import org.credentialcourier.delivery.DeliveryEvent;
import org.credentialcourier.delivery.DeliveryEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Reads the bounce mailbox over IMAP: each unseen message is read as delivery events ({@link BounceReports}), each
 * event applied to its attempt ({@link DeliveryEvents}, once, whatever the mailbox repeats), and the message then moved
 * to the processed folder (or flagged seen). A message that is no report this application can read is moved to the
 * unreadable folder (or flagged) and counted, never deleted. A message whose events could not be applied (the database
 * away for a moment) stays unseen and is read again at the next poll.
 */
@Component
public class BounceMailbox {

    private static final Logger log = LoggerFactory.getLogger(BounceMailbox.class);
    private static final String TIMEOUT_MS = "10000";

    private final BounceReports reports;
    private final DeliveryEvents events;
    private final BounceMailboxProperties configured;

    public BounceMailbox(BounceReports reports, DeliveryEvents events, BounceMailboxProperties configured) {
        this.reports = reports;
        this.events = events;
        this.configured = configured;
    }

    /** What one poll did. */
    public record Poll(int read, int applied, int unreadable, int failed) {
    }

    /** Reads the configured mailbox once. */
    public Poll poll() throws MessagingException {
        return poll(configured);
    }

    /** Reads {@code mailbox} once. */
    public Poll poll(BounceMailboxProperties mailbox) throws MessagingException {
        String protocol = mailbox.tls() ? "imaps" : "imap";
        Properties properties = new Properties();
        properties.put("mail." + protocol + ".connectiontimeout", TIMEOUT_MS);
        properties.put("mail." + protocol + ".timeout", TIMEOUT_MS);
        properties.put("mail." + protocol + ".writetimeout", TIMEOUT_MS);
        if (mailbox.tls()) {
            properties.put("mail.imaps.ssl.checkserveridentity", "true");
        }
        Session session = Session.getInstance(properties);
        int read = 0;
        int applied = 0;
        int unreadable = 0;
        int failed = 0;
        try (Store store = session.getStore(protocol)) {
            store.connect(mailbox.host(), mailbox.port(), mailbox.user(), mailbox.password());
            Folder inbox = store.getFolder(mailbox.folder());
            inbox.open(Folder.READ_WRITE);
            Folder processed = folder(store, mailbox.processedFolder());
            Folder kept = folder(store, mailbox.unreadableFolder());
            boolean moved = false;
            try {
                for (Message message : inbox.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false))) {
                    read++;
                    List<DeliveryEvent> found;
                    try {
                        // a copy read whole: the server's idea of a nested part (BODY[n] of a message/rfc822)
                        // varies, the message's own bytes do not
                        found = reports.read(new MimeMessage((MimeMessage) message));
                    } catch (Exception e) {
                        log.warn("Bounce mailbox: message {} could not be read: {}", message.getMessageNumber(),
                                e.toString());
                        found = List.of();
                    }
                    if (found.isEmpty()) {
                        unreadable++;
                        moved |= file(inbox, message, kept);
                        continue;
                    }
                    try {
                        for (DeliveryEvent event : found) {
                            if (events.apply(event) == DeliveryEvents.Outcome.APPLIED) {
                                applied++;
                            }
                        }
                        moved |= file(inbox, message, processed);
                    } catch (RuntimeException e) {
                        failed++;
                        log.warn("Bounce mailbox: the events of message {} could not be applied, read again at the "
                                + "next poll: {}", message.getMessageNumber(), e.toString());
                    }
                }
            } finally {
                inbox.close(moved);
            }
        }
        if (read > 0) {
            log.info("Bounce mailbox {}: {} read, {} applied, {} unreadable (kept), {} to read again", mailbox.folder(),
                    read, applied, unreadable, failed);
        }
        return new Poll(read, applied, unreadable, failed);
    }

    /** The folder named, created when missing; null when the name is blank (messages stay where they are). */
    private static Folder folder(Store store, String name) throws MessagingException {
        if (name == null || name.isBlank()) {
            return null;
        }
        Folder folder = store.getFolder(name);
        if (!folder.exists()) {
            folder.create(Folder.HOLDS_MESSAGES);
        }
        return folder;
    }

    /** Moves the message to {@code to} (copy, then delete on close), or flags it seen; true when it was moved. */
    private static boolean file(Folder from, Message message, Folder to) throws MessagingException {
        if (to == null) {
            message.setFlag(Flags.Flag.SEEN, true);
            return false;
        }
        from.copyMessages(new Message[] {message}, to);
        message.setFlag(Flags.Flag.DELETED, true);
        return true;
    }
}

package org.credentialcourier.mail;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.servlet.http.HttpServletResponse;

import com.icegreen.greenmail.util.GreenMail;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code /admin/mailbox}: what the embedded SMTP server received, newest first, with the links in each message, so that
 * on the embedded defaults an admin can follow an activation link. Exists only while the embedded server runs.
 */
@Controller
@ConditionalOnProperty(name = "courier.mail.embedded-smtp.enabled", havingValue = "true", matchIfMissing = true)
public class MailboxController {

    private static final Pattern LINK = Pattern.compile("https?://[^\\s<>\"]+");

    private final GreenMail greenMail;

    public MailboxController(GreenMail greenMail) {
        this.greenMail = greenMail;
    }

    /** A received message as the page shows it. */
    public record ReceivedMail(Instant receivedAt, String from, String to, String subject, String text,
                               List<String> links) {
    }

    @GetMapping("/admin/mailbox")
    String mailbox(Model model, HttpServletResponse response) throws MessagingException, IOException {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Referrer-Policy", "no-referrer");
        List<ReceivedMail> mails = new ArrayList<>();
        MimeMessage[] received = greenMail.getReceivedMessages();
        for (int i = received.length - 1; i >= 0; i--) {
            mails.add(read(received[i]));
        }
        model.addAttribute("mails", mails);
        return "admin/mailbox";
    }

    static ReceivedMail read(MimeMessage message) throws MessagingException, IOException {
        String text = plainText(message);
        List<String> links = new ArrayList<>();
        Matcher matcher = LINK.matcher(text == null ? "" : text);
        while (matcher.find()) {
            links.add(matcher.group());
        }
        Instant received = message.getReceivedDate() != null ? message.getReceivedDate().toInstant()
                : message.getSentDate() != null ? message.getSentDate().toInstant() : null;
        return new ReceivedMail(received,
                message.getFrom() == null ? "" : String.join(", ", Arrays.stream(message.getFrom()).map(Object::toString).toList()),
                message.getAllRecipients() == null ? "" : String.join(", ",
                        Arrays.stream(message.getAllRecipients()).map(Object::toString).toList()),
                message.getSubject(), text, links);
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

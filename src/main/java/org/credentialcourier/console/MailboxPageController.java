package org.credentialcourier.console;

import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

import org.credentialcourier.mail.EmbeddedMailbox;
import org.credentialcourier.mail.EmbeddedMailbox.MailPage;
import org.credentialcourier.mail.EmbeddedMailbox.ReceivedMail;
import org.credentialcourier.system.web.ResourceNotFoundException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /admin/mailbox}: what the embedded SMTP server received, newest first across all recipients, a page at a
 * time, so that on the embedded defaults an admin can follow an activation link; and each mail on a page of its own
 * with its HTML part shown as the member's mail program shows it. Exists only while the embedded server runs, for
 * admins only (the console's sign-in); the mails are shown as sent, links included, as the demo's server holds them.
 *
 * <p>The HTML part is the one thing here the application did not write as a page: it is served alone, with a policy
 * that lets it load nothing from anywhere (no script, no request out, no form, a sandbox of its own), and the mail's
 * page frames it in an {@code iframe} with an empty {@code sandbox}.
 */
@Controller
@ConditionalOnProperty(name = "courier.mail.embedded-smtp.enabled", havingValue = "true", matchIfMissing = true)
class MailboxPageController {

    static final int PAGE_SIZE = 20;

    /** The console's policy, and frames from this site: the mail's HTML on the mail's page. */
    static final String MAIL_PAGE_POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; frame-src 'self'; "
            + "script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /**
     * For the mail's HTML: its own inline styles and inline images only; no script, no font, image or style from
     * elsewhere, no form, no plugin; a unique origin (sandbox) that cannot reach the console; framed by the console
     * only. ({@code frame-ancestors} is what lets the mail's page frame it: browsers that know it, all current ones,
     * ignore the console's {@code X-Frame-Options: DENY}; an older one shows the link to the part alone instead.)
     */
    static final String MAIL_HTML_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
            + "font-src data:; form-action 'none'; base-uri 'none'; sandbox; frame-ancestors 'self'";

    private final EmbeddedMailbox mailbox;

    MailboxPageController(EmbeddedMailbox mailbox) {
        this.mailbox = mailbox;
    }

    @GetMapping("/admin/mailbox")
    String mailbox(@RequestParam(defaultValue = "0") int page, Model model, HttpServletResponse response) {
        privateHeaders(response);
        MailPage received = mailbox.newestFirst(page, PAGE_SIZE);
        model.addAttribute("received", received);
        model.addAttribute("previous", received.page() > 0 ? listLink(received.page() - 1) : null);
        model.addAttribute("next", received.page() + 1 < received.pages() ? listLink(received.page() + 1) : null);
        return "console/mailbox";
    }

    @GetMapping("/admin/mailbox/{id}")
    String mail(@PathVariable String id, Model model, HttpServletResponse response) {
        privateHeaders(response);
        response.setHeader("Content-Security-Policy", MAIL_PAGE_POLICY);
        model.addAttribute("mail", find(id));
        return "console/mailbox-mail";
    }

    /** The HTML part alone, for the mail's frame or a tab of its own. */
    @GetMapping("/admin/mailbox/{id}/html")
    ResponseEntity<String> html(@PathVariable String id, HttpServletResponse response) {
        ReceivedMail mail = find(id);
        if (mail.html() == null) {
            throw new ResourceNotFoundException("email", id);
        }
        privateHeaders(response);
        response.setHeader("Content-Security-Policy", MAIL_HTML_POLICY);
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .body(mail.html());
    }

    static String listLink(int page) {
        return page == 0 ? "/admin/mailbox" : "/admin/mailbox?page=" + page;
    }

    private ReceivedMail find(String id) {
        return mailbox.find(id).orElseThrow(() -> new ResourceNotFoundException("email", id));
    }

    /** The mails carry links that sign a member in: no cache keeps them, no link sends the page's address on. */
    private static void privateHeaders(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Referrer-Policy", "no-referrer");
    }
}

package org.credentialcourier.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Http;
import org.credentialcourier.support.Http.Response;
import org.credentialcourier.support.Scenario;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * {@code /admin/mailbox}, the embedded SMTP server's mail in the console: newest first across all recipients (the
 * server lists them recipient by recipient), a page at a time, each email on a page of its own with its HTML part
 * framed under a policy that runs no script and loads nothing from elsewhere.
 */
@CourierTest
class MailboxPageTest {

    private static final Pattern MAIL_LINK = Pattern.compile("href=\"/admin/mailbox/([0-9a-f]{20})\"");

    @LocalServerPort int port;
    @Autowired JavaMailSender sender;

    @Test
    void newestFirstAcrossAllRecipientsInTheConsolesLayout() throws Exception {
        String ada = Scenario.uniqueEmail("ada");
        String bob = Scenario.uniqueEmail("bob");
        String run = Long.toString(System.nanoTime(), 36);
        send(bob, "Order " + run + " first", "one", null);
        send(ada, "Order " + run + " second", "two", null);
        send(bob, "Order " + run + " third", "three", null);

        Response page = admin().get("/admin/mailbox");

        assertThat(page.status()).isEqualTo(200);
        String body = page.body();
        int third = body.indexOf("Order " + run + " third");
        int second = body.indexOf("Order " + run + " second");
        int first = body.indexOf("Order " + run + " first");
        assertThat(third).as("the newest on the first page").isPositive();
        assertThat(third).isLessThan(second);
        assertThat(second).as("not grouped by recipient").isLessThan(first);
        // the console's layout: skip link, navigation with the mailbox as the current page, sign-out
        assertThat(body).contains("class=\"skip-link\"", "href=\"/admin/invitations\"", "/admin/sign-out",
                "<a href=\"/admin/mailbox\" aria-current=\"page\">Mailbox</a>", "newest first");
        // readable times, the exact instant in the datetime attribute
        assertThat(body).containsPattern("<time datetime=\"\\d{4}-\\d\\d-\\d\\dT[^\"]+Z\"[^>]*>\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC</time>");
        assertThat(page.header("Cache-Control")).contains("no-store");
        assertThat(Http.anonymous(port).get("/admin/mailbox").status()).isEqualTo(401);
    }

    @Test
    void pagesOfTwentyAndOlderOnesOnTheNextPage() throws Exception {
        String to = Scenario.uniqueEmail("paging");
        String run = Long.toString(System.nanoTime(), 36);
        for (int i = 1; i <= MailboxPageController.PAGE_SIZE + 1; i++) {
            send(to, "Paging " + run + " #" + i + ".", "mail " + i, null);
        }

        Response firstPage = admin().get("/admin/mailbox");
        assertThat(MAIL_LINK.matcher(firstPage.body()).results().count()).isEqualTo(MailboxPageController.PAGE_SIZE);
        assertThat(firstPage.body()).contains("Paging " + run + " #21.", "Paging " + run + " #2.")
                .doesNotContain("Paging " + run + " #1.").contains("rel=\"next\"", "Next page");

        Response secondPage = admin().get("/admin/mailbox?page=1");
        assertThat(secondPage.status()).isEqualTo(200);
        assertThat(secondPage.body()).contains("Paging " + run + " #1.", "rel=\"prev\"", "Previous page")
                .doesNotContain("Paging " + run + " #2.");

        // past the last page: the last; a page that is not a number: the console's 400 page
        assertThat(admin().get("/admin/mailbox?page=99999").body()).doesNotContain("rel=\"next\"");
        Response bad = admin().get("/admin/mailbox?page=x");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("Bad request").doesNotContain("Exception");
    }

    @Test
    void theHtmlPartIsShownAsTheMemberSeesItWithoutScriptOrOutsideRequests() throws Exception {
        String to = Scenario.uniqueEmail("html");
        String subject = "Framed " + System.nanoTime();
        String html = "<html><body><h1 style=\"color:#123456\">Welcome, Ada</h1>"
                + "<p><a href=\"https://courier.example.test/activate?token=abc\">Activate</a></p>"
                + "<img src=\"https://tracker.example/pixel.png\" alt=\"\"><script>alert(1)</script></body></html>";
        send(to, subject, "Welcome, Ada\nhttps://courier.example.test/activate?token=abc", html);
        Response list = admin().get("/admin/mailbox");
        String id = idOf(list.body(), subject);

        Response mail = admin().get("/admin/mailbox/" + id);
        assertThat(mail.status()).isEqualTo(200);
        assertThat(mail.body()).contains(subject, to, "Welcome, Ada", "As the recipient sees it",
                "<iframe class=\"mail-html\" sandbox=\"\"", "src=\"/admin/mailbox/" + id + "/html\"",
                "href=\"https://courier.example.test/activate?token=abc\"", "href=\"/admin/mailbox\"")
                .doesNotContain("alert(1)", "tracker.example");
        assertThat(mail.body().split("<script", -1)).as("the console's own script only").hasSize(2);
        String policy = mail.header("Content-Security-Policy");
        assertThat(policy).contains("default-src 'none'", "frame-src 'self'", "frame-ancestors 'none'",
                "script-src 'self'").doesNotContain("unsafe-inline");
        assertThat(mail.header("Cache-Control")).contains("no-store");

        Response part = admin().get("/admin/mailbox/" + id + "/html");
        assertThat(part.status()).isEqualTo(200);
        assertThat(part.header("Content-Type")).startsWith("text/html");
        assertThat(part.body()).isEqualTo(html);
        assertThat(part.header("Content-Security-Policy")).contains("default-src 'none'", "sandbox", "img-src data:",
                "frame-ancestors 'self'").doesNotContain("script-src", "https:", "*");
        assertThat(part.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(part.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(Http.anonymous(port).get("/admin/mailbox/" + id + "/html").status()).isEqualTo(401);
    }

    @Test
    void aTextOnlyMailHasNoFrameAndUnknownIdsAnswer404() throws Exception {
        String to = Scenario.uniqueEmail("text");
        String subject = "Plain " + System.nanoTime();
        send(to, subject, "Just text", null);
        String id = idOf(admin().get("/admin/mailbox").body(), subject);

        Response mail = admin().get("/admin/mailbox/" + id);
        assertThat(mail.body()).contains("Just text").doesNotContain("<iframe");
        assertThat(admin().get("/admin/mailbox/" + id + "/html").status()).isEqualTo(404);

        for (String unknown : new String[] {"0123456789abcdef0123", "not-an-id", "%3Cscript%3E"}) {
            Response gone = admin().get("/admin/mailbox/" + unknown);
            assertThat(gone.status()).as(unknown).isEqualTo(404);
            assertThat(gone.body()).contains("Not found").doesNotContain("<script>", "Exception");
            assertThat(admin().get("/admin/mailbox/" + unknown + "/html").status()).as(unknown).isEqualTo(404);
        }
    }

    private Http admin() {
        return Http.as(port, "demo", "demo");
    }

    private static String idOf(String page, String subject) {
        int at = page.indexOf(subject);
        assertThat(at).as(subject + " on the first page").isPositive();
        Matcher link = MAIL_LINK.matcher(page.substring(page.lastIndexOf("<tr", at), at));
        assertThat(link.find()).isTrue();
        return link.group(1);
    }

    private void send(String to, String subject, String text, String html) throws MessagingException,
            InterruptedException {
        MimeMessage message = sender.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(message, html != null, "UTF-8");
        helper.setFrom("courier@example.test");
        helper.setTo(to);
        helper.setSubject(subject);
        if (html == null) {
            helper.setText(text);
        } else {
            helper.setText(text, html);
        }
        sender.send(message);
        // the server stamps what it receives to the millisecond: one apart, the order is the sending order
        Thread.sleep(5);
    }
}

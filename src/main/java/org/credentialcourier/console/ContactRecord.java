package org.credentialcourier.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.credentialcourier.contact.AccountStatus;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactHistory;
import org.credentialcourier.contact.ContactService;
import org.credentialcourier.invitation.Invitation;
import org.credentialcourier.invitation.InvitationEvent;
import org.credentialcourier.invitation.InvitationPolicy;
import org.credentialcourier.invitation.InvitationPolicy.OpenInvitation;
import org.credentialcourier.invitation.InvitationPolicy.Refusal;
import org.credentialcourier.invitation.InvitationRepository;
import org.credentialcourier.invitation.InvitationStatus;
import org.credentialcourier.mail.MailLog;
import org.credentialcourier.mail.MailLogEntry;
import org.credentialcourier.system.CurrentActor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A contact's record as the console shows it: details and account, each invitation with its history (its events and
 * its emails on one timeline, oldest first) and a link to its process instance in Cockpit, the mail log, and the
 * account's history. Which actions apply is decided by {@link InvitationPolicy}, the rules the services apply, so that
 * the page offers what will work; the services still decide, and a refusal (the state moved meanwhile) reaches the
 * page as a message.
 */
@Component
class ContactRecord {

    private final ContactService contacts;
    private final InvitationRepository invitations;
    private final MailLog mailLog;
    private final ContactHistory history;
    private final CockpitLinks cockpit;
    private final MailRetries retries;

    ContactRecord(ContactService contacts, InvitationRepository invitations, MailLog mailLog, ContactHistory history,
                  CockpitLinks cockpit, MailRetries retries) {
        this.contacts = contacts;
        this.invitations = invitations;
        this.mailLog = mailLog;
        this.history = history;
        this.cockpit = cockpit;
        this.retries = retries;
    }

    /** A line of a timeline. */
    record Line(Instant at, String what, String actor, String detail) {
    }

    record InvitationView(Invitation invitation, String cockpitLink, boolean resendable, boolean cancellable,
                          List<Line> timeline) {

        public String status() {
            return invitation.status().code();
        }
    }

    record MailRow(MailLogEntry entry, String email, boolean retryable, boolean handOverable) {
    }

    record View(Contact contact, List<InvitationView> invitations, List<MailRow> mailLog, List<Line> accountHistory,
                boolean canInvite, boolean hasAccount, String whyNoInvite) {

        public String accountStatus() {
            return contact.accountStatus().code();
        }
    }

    @Transactional(readOnly = true)
    View of(String contactId) {
        Contact contact = contacts.get(contactId);
        List<Invitation> all = invitations.forContact(contactId);
        List<MailLogEntry> mails = mailLog.forContact(contactId);
        Map<String, String> links = cockpit.forInvitations(all.stream().map(Invitation::id).toList());
        OpenInvitation open = all.stream().filter(i -> i.status().open()).findFirst().map(OpenInvitation::of)
                .orElse(null);
        AccountStatus account = contact.accountStatus();

        List<InvitationView> views = new ArrayList<>();
        // newest first: the one that matters now is at the top
        for (int i = all.size() - 1; i >= 0; i--) {
            Invitation invitation = all.get(i);
            InvitationStatus status = invitation.status();
            boolean resendable = InvitationPolicy.resend(status, contactId, account, open).isEmpty();
            boolean cancellable = InvitationPolicy.cancel(status).isEmpty();
            views.add(new InvitationView(invitation, links.get(invitation.id()), resendable, cancellable,
                    timeline(invitation, mails)));
        }
        Set<Long> retryable = retries.retryable(mails);
        // a disabled account's credentials leave neither by email nor by hand
        Set<Long> handOverable = account == AccountStatus.DISABLED ? Set.of() : retries.handOverable(mails, retryable);
        List<MailRow> rows = mails.stream().map(m -> new MailRow(m, templateName(m.template()),
                retryable.contains(m.id()), handOverable.contains(m.id()))).toList();
        List<Line> accountHistory = history.of(contactId).stream()
                .map(e -> new Line(e.at(), accountEvent(e.type()), e.actor(), e.detail())).toList();
        String whyNot = InvitationPolicy.invite(account, open).map(ContactRecord::whyNoInvite).orElse(null);
        return new View(contact, views, rows, accountHistory, whyNot == null, account == AccountStatus.ACTIVE, whyNot);
    }

    /** The policy's refusal in the page's words, pointing at the page's own buttons. */
    private static String whyNoInvite(Refusal refusal) {
        return switch (refusal.reason()) {
            case ACCOUNT_ACTIVE ->
                    "The contact has an active account: send a reset link or change the password instead.";
            case OPEN_INVITATION -> "The contact has an open invitation: resend or cancel it below.";
            default -> refusal.sentence() + ".";
        };
    }

    private List<Line> timeline(Invitation invitation, List<MailLogEntry> mails) {
        List<Line> lines = new ArrayList<>();
        for (InvitationEvent event : invitations.events(invitation.id())) {
            lines.add(new Line(event.occurredAt(), invitationEvent(event.type()), event.actor(), event.detail()));
        }
        mails.stream().filter(m -> invitation.id().equals(m.invitationId())).forEach(m -> lines.add(new Line(
                m.createdAt(), mailEvent(m), m.actor(),
                "to " + m.recipient() + ", attempt " + m.attempt()
                        + (m.smtpReply() == null ? "" : ": " + m.smtpReply()))));
        mails.stream().filter(m -> invitation.id().equals(m.invitationId()) && m.eventAt() != null)
                .forEach(m -> lines.add(new Line(m.eventAt(), deliveryEvent(m), CurrentActor.SYSTEM,
                        m.eventReason())));
        lines.sort(Comparator.comparing(Line::at));
        return lines;
    }

    static String invitationEvent(InvitationEvent.Type type) {
        return switch (type) {
            case CREATED -> "Invited";
            case DELIVERY_FAILED -> "Delivery failed";
            case BOUNCED -> "Email bounced";
            case DELIVERY_RESOLVED -> "Failed delivery resolved";
            case HANDED_OVER -> "Handed over by hand";
            case RESENT -> "Resent";
            case CANCELLED -> "Cancelled";
            case EXPIRED -> "Expired";
            case ACCEPTED -> "Accepted: account active";
            case DELIVERY_RETRIED -> "Delivery retried";
        };
    }

    static String accountEvent(ContactHistory.Type type) {
        return switch (type) {
            case PASSWORD_CHANGE_REQUESTED -> "Password change requested";
            case PASSWORD_EMAILED -> "New password emailed";
            case PASSWORD_REVEALED -> "New password shown for a hand-over";
            case PASSWORD_CHANGED -> "Password changed";
            case PASSWORD_CHANGE_ABANDONED -> "Password change abandoned";
            case RESET_LINK_REQUESTED -> "Reset link requested";
            case RESET_LINK_EXPIRED -> "Reset link expired";
            case RESET_LINK_BOUNCED -> "Reset link email bounced";
            case NEW_PASSWORD_BOUNCED -> "New-password email bounced";
            case PASSWORD_RESET -> "Password reset through a link";
            case PASSWORD_CHANGED_BY_CONTACT -> "Password changed by the contact";
            case EMAIL_CHANGED -> "Email address changed";
            case DETAILS_CHANGED -> "Details changed";
            case ACCOUNT_DISABLED -> "Account disabled";
            case ACCOUNT_ENABLED -> "Account enabled";
            case CONTACT_DELETED -> "Contact deleted";
            case ADDRESS_SUPPRESSED -> "Address suppressed (bounce or complaint)";
            case SUPPRESSION_LIFTED -> "Address suppression lifted";
        };
    }

    private static String mailEvent(MailLogEntry mail) {
        String email = templateName(mail.template());
        return switch (mail.status()) {
            case QUEUED -> email + " being sent";
            case SENT -> email + " sent";
            case FAILED -> email + " failed";
            case HANDED_OVER -> email + " handed over by hand";
            case INTERRUPTED -> email + " interrupted (sent again)";
            case BOUNCED -> email + " bounced";
        };
    }

    /** What was heard of an email after the server's answer, in the words of the history. */
    private static String deliveryEvent(MailLogEntry mail) {
        String email = templateName(mail.template());
        return switch (mail.deliveryEvent()) {
            case "delivered" -> email + " delivered to the recipient's server";
            case "deferred" -> email + " delayed by the recipient's server (still trying)";
            case "bounced" -> email + " bounced";
            case "bounced-transient" -> email + " bounced for now (temporary)";
            case "complained" -> email + " marked as spam by the recipient";
            default -> email + ": " + mail.deliveryEvent();
        };
    }

    /** The email a template stands for, as a person calls it. */
    static String templateName(String template) {
        return switch (template) {
            case "invitation" -> "Invitation email";
            case "invitation-reminder" -> "Reminder email";
            case "new-password" -> "New password email";
            case "password-changed" -> "Password changed notice";
            case "password-reset" -> "Reset link email";
            default -> template;
        };
    }
}

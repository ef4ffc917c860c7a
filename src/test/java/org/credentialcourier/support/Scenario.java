package org.credentialcourier.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.util.GreenMail;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactService;
import org.credentialcourier.contact.NewContact;
import org.credentialcourier.delivery.MailDeliveryProcess;
import org.credentialcourier.invitation.Invitation;
import org.credentialcourier.invitation.InvitationProcess;
import org.credentialcourier.invitation.InvitationService;
import org.credentialcourier.mail.EmbeddedMailbox;
import org.credentialcourier.mail.MailLog;
import org.credentialcourier.mail.MailLogEntry;
import org.credentialcourier.member.Activation;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/** The moves that tests of the invitation lifecycle make: contacts, invitations, jobs, emails, SMTP trouble. */
@Component
public class Scenario {

    private static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9_-]+)");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final ContactService contacts;
    private final InvitationService invitations;
    private final RuntimeService runtime;
    private final ManagementService management;
    private final TaskService tasks;
    private final IdentityService identity;
    private final GreenMail greenMail;
    private final JavaMailSenderImpl mailSender;
    private final Activation activation;
    private final HistoryService history;
    private final FormService forms;
    private final RepositoryService repository;
    private final MailLog mailLog;

    public Scenario(ContactService contacts, InvitationService invitations, RuntimeService runtime,
                    ManagementService management, TaskService tasks, IdentityService identity, GreenMail greenMail,
                    JavaMailSenderImpl mailSender, Activation activation, HistoryService history,
                    FormService forms, RepositoryService repository, MailLog mailLog) {
        this.forms = forms;
        this.repository = repository;
        this.mailLog = mailLog;
        this.activation = activation;
        this.history = history;
        this.contacts = contacts;
        this.invitations = invitations;
        this.runtime = runtime;
        this.management = management;
        this.tasks = tasks;
        this.identity = identity;
        this.greenMail = greenMail;
        this.mailSender = mailSender;
    }

    public Contact newContact() {
        return newContact("en");
    }

    public Contact newContact(String locale) {
        int n = SEQUENCE.incrementAndGet();
        return contacts.create(new NewContact("ada.lovelace" + n + "-" + System.nanoTime() + "@example.org", "Ada",
                "Lovelace", locale));
    }

    public static String uniqueEmail(String prefix) {
        return prefix + SEQUENCE.incrementAndGet() + "-" + System.nanoTime() + "@example.org";
    }

    /** Invites the contact as admin {@code demo} would over REST; returns the invitation's process instance. */
    public ProcessInstance invite(Contact contact) {
        Invitation invitation = invitations.invite(contact.id(), "demo");
        return instanceOf(invitation.id());
    }

    public ProcessInstance instanceOf(String invitationId) {
        return runtime.createProcessInstanceQuery().processDefinitionKey(InvitationProcess.PROCESS_KEY)
                .variableValueEquals(InvitationProcess.Vars.INVITATION_ID, invitationId).active().singleResult();
    }

    /** The variables that name what an instance is about: the business key is only a label for people. */
    private static final List<String> SUBJECT_VARIABLES =
            List.of("invitationId", "changeId", "resetId", "bulkId", "subjectId");

    /**
     * The id of what {@code instance} is about (its invitation, change, reset or bulk run), running or ended: from its
     * variables, as the process clients find instances.
     */
    public String idOf(ProcessInstance instance) {
        for (String name : SUBJECT_VARIABLES) {
            var variable = history.createHistoricVariableInstanceQuery().processInstanceId(instance.getId())
                    .variableName(name).singleResult();
            if (variable != null) {
                return (String) variable.getValue();
            }
        }
        throw new AssertionError("Instance " + instance.getId() + " names no subject");
    }

    /** The running instances about the invitation, change, reset or bulk run {@code id}, and the deliveries they call. */
    public List<ProcessInstance> instancesAbout(String id) {
        return SUBJECT_VARIABLES.stream().flatMap(name -> runtime.createProcessInstanceQuery()
                .variableValueEquals(name, id).list().stream()).distinct().toList();
    }

    /** The running {@code mail-delivery} instance called by the invitation, the newest if there are several. */
    public ProcessInstance delivery(ProcessInstance invitation) {
        List<ProcessInstance> called = runtime.createProcessInstanceQuery()
                .superProcessInstanceId(invitation.getId()).list();
        if (called.isEmpty()) {
            throw new AssertionError("No delivery is running for invitation " + idOf(invitation));
        }
        return called.get(called.size() - 1);
    }

    /** Runs the pending job of the delivery ("Send email" or the retry timer). */
    public void runDeliveryJob(ProcessInstance delivery) {
        execute(jobOf(delivery.getId()));
    }

    /** A contact who accepted an invitation and chose {@link #MEMBER_PASSWORD}. */
    public Contact activeContact() {
        Contact contact = newContact();
        inviteAndDeliver(contact);
        if (!activation.submit(lastToken(contact.email()), MEMBER_PASSWORD, MEMBER_PASSWORD).succeeded()) {
            throw new AssertionError("Activation failed");
        }
        return contacts.get(contact.id());
    }

    public static final String MEMBER_PASSWORD = "quiet harbour lights 42";

    /** An invitation whose first delivery is about to make its first attempt. */
    public record FirstAttempt(ProcessInstance invitation, ProcessInstance delivery) {
    }

    public FirstAttempt firstAttempt(Contact contact) {
        ProcessInstance invitation = invite(contact);
        return new FirstAttempt(invitation, delivery(invitation));
    }

    /** Invites and delivers the invitation email at the first attempt: the invitation then waits for acceptance. */
    public ProcessInstance inviteAndDeliver(Contact contact) {
        ProcessInstance invitation = invite(contact);
        runDeliveryJob(delivery(invitation));
        return invitation;
    }

    /** The mail log row of a new contact's invitation email, delivered at the first attempt. */
    public MailLogEntry deliveredInvitationEmail() {
        ProcessInstance invitation = inviteAndDeliver(newContact());
        return mailLog.forInvitation(idOf(invitation)).get(0);
    }

    /** The mail log row as it is now. */
    public MailLogEntry reread(MailLogEntry entry) {
        return mailLog.forContact(entry.contactId()).stream().filter(e -> e.id() == entry.id()).findFirst()
                .orElseThrow();
    }

    public Job jobOf(String processInstanceId) {
        List<Job> jobs = management.createJobQuery().processInstanceId(processInstanceId).list();
        if (jobs.size() != 1) {
            throw new AssertionError("Expected one job in " + processInstanceId + " but found " + jobs.size());
        }
        return jobs.get(0);
    }

    public Job timer(String processInstanceId, String activityId) {
        return management.createJobQuery().processInstanceId(processInstanceId).activityId(activityId).singleResult();
    }

    public void execute(Job job) {
        management.executeJob(job.getId());
    }

    public Task task(ProcessInstance instance) {
        return tasks.createTaskQuery().processInstanceId(instance.getId()).singleResult();
    }

    /**
     * An admin of credential-admins, signed in to Tasklist as {@code admin}, completes "Resolve failed delivery" of
     * the delivery with {@code resolution}, without claiming the task first.
     */
    public void resolveInTasklist(String admin, ProcessInstance delivery, String resolution) {
        identity.setAuthentication(admin, List.of("credential-admins"));
        try {
            tasks.complete(task(delivery).getId(), Map.of(MailDeliveryProcess.Vars.RESOLUTION, resolution));
        } finally {
            identity.clearAuthentication();
        }
    }

    /**
     * Submits the start form of the latest version of {@code processKey} as Tasklist does, signed in as {@code admin}
     * of credential-admins: through the form, not a bare start.
     */
    public ProcessInstance startInTasklist(String admin, String processKey, Map<String, Object> fields) {
        identity.setAuthentication(admin, List.of("credential-admins"));
        try {
            return forms.submitStartForm(repository.createProcessDefinitionQuery().processDefinitionKey(processKey)
                    .latestVersion().singleResult().getId(), fields);
        } finally {
            identity.clearAuthentication();
        }
    }

    // ---- mail ----

    public List<MimeMessage> mailsTo(String email) {
        return Arrays.stream(greenMail.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().contains(email));
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    public static String text(MimeMessage message) {
        try {
            return EmbeddedMailbox.plainText(message);
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The newest email to {@code email}. */
    public MimeMessage lastMail(String email) {
        List<MimeMessage> mails = mailsTo(email);
        if (mails.isEmpty()) {
            throw new AssertionError("No email reached " + email);
        }
        return mails.get(mails.size() - 1);
    }

    /** The activation token in the newest email to {@code email}. */
    public String lastToken(String email) {
        List<MimeMessage> mails = mailsTo(email);
        if (mails.isEmpty()) {
            throw new AssertionError("No email reached " + email);
        }
        return token(text(mails.get(mails.size() - 1)));
    }

    public static String token(String text) {
        Matcher matcher = TOKEN.matcher(text);
        if (!matcher.find()) {
            throw new AssertionError("No activation link in: " + text);
        }
        return matcher.group(1);
    }

    /** While open, the application's SMTP connection points at {@code port} instead of the embedded server. */
    public AutoCloseable smtpAt(int port) {
        int original = mailSender.getPort();
        mailSender.setPort(port);
        return () -> mailSender.setPort(original);
    }

    /** While open, SMTP connections are refused: a transient failure. */
    public AutoCloseable smtpUnreachable() throws IOException {
        int closed;
        try (ServerSocket probe = new ServerSocket(0)) {
            closed = probe.getLocalPort();
        }
        return smtpAt(closed);
    }

    /**
     * Runs the delivery's pending attempt against a real SMTP server that refuses the recipient for good
     * ({@code 550 5.1.1}): a permanent failure, after which the delivery waits for an admin.
     */
    public void runDeliveryJobRejected(ProcessInstance delivery) throws Exception {
        try (var server = new ScriptedSmtpServer("550 5.1.1 no such mailbox");
             var redirected = smtpAt(server.port())) {
            runDeliveryJob(delivery);
        }
    }
}

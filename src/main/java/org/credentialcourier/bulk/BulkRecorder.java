package org.credentialcourier.bulk;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.credentialcourier.contact.ContactRepository;
import org.credentialcourier.system.web.ConflictException;
import org.credentialcourier.system.web.InvalidInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes a run down: its plan with the contacts an import creates, the process instance that carries it out, and its
 * end. Kept apart from planning (which only reads) and from running the chunks (which acts on invitations).
 */
@Component
public class BulkRecorder {

    private static final Logger log = LoggerFactory.getLogger(BulkRecorder.class);

    private final BulkRepository bulks;
    private final ContactRepository contacts;
    private final Clock clock;

    public BulkRecorder(BulkRepository bulks, ContactRepository contacts, Clock clock) {
        this.bulks = bulks;
        this.contacts = contacts;
        this.clock = clock;
    }

    /** Records the plan; an import without invitations is finished with it. A refusal leaves nothing behind. */
    @Transactional
    public BulkRun record(BulkPlan plan, String actor) {
        if (plan.items().isEmpty()) {
            throw new InvalidInputException("contacts", "Nothing to do: the request names no contact or invitation");
        }
        Instant now = clock.instant();
        try {
            contacts.insertAll(plan.newContacts());
        } catch (DuplicateKeyException race) {
            throw new ConflictException("A contact with one of these addresses was created meanwhile: try again",
                    "email", Map.of());
        }
        boolean finished = plan.action() == BulkAction.IMPORT;
        BulkRun run = new BulkRun(UUID.randomUUID().toString(), plan.action(), plan.source(), plan.items().size(),
                plan.newContacts().size(), actor, now, finished ? now : null, null);
        bulks.insertRun(run);
        bulks.insertItems(run.id(), plan.items());
        log.info("Bulk {} recorded: {} {} items from {}, {} queued, {} contacts created, by {}", run.id(),
                plan.items().size(), plan.action().code(), plan.source().code(), plan.count(BulkOutcome.QUEUED),
                plan.newContacts().size(), actor);
        return run;
    }

    public void attachProcessInstance(String bulkId, String processInstanceId) {
        bulks.recordProcessInstance(bulkId, processInstanceId);
    }

    @Transactional
    public void finish(String bulkId) {
        bulks.finish(bulkId, clock.instant());
    }
}

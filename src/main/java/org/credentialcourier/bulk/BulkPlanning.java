package org.credentialcourier.bulk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.credentialcourier.bulk.BulkRepository.ContactState;
import org.credentialcourier.bulk.BulkRepository.InvitationState;
import org.credentialcourier.contact.AccountStatus;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactRules;
import org.credentialcourier.delivery.PreSendChecks;

/**
 * Plans a bulk run item by item from what the database says now (the caller reads it): what would happen to each
 * contact or invitation, and why one is skipped. Pure, with no database and no engine, so that each planning rule is
 * tested in milliseconds ({@code BulkPlanningTest}); {@link BulkService} reads the states and calls it.
 */
final class BulkPlanning {

    private BulkPlanning() {
    }

    /** Invitations for the contacts named by id, in the request's order; {@code known}: the contacts that exist. */
    static BulkPlan invitations(BulkSource source, List<String> contactIds, List<ContactState> known) {
        return new BulkPlan(BulkAction.INVITE, source, perContact(contactIds, known,
                (seq, state) -> BulkEligibility.inviteOrSkip(seq, null, state, false)), List.of());
    }

    /**
     * An import: new contacts are created (at {@code now}), existing ones ({@code existing}, found by address)
     * recognised; with {@code invite} all are invited.
     */
    static BulkPlan imports(ContactRows.Parsed parsed, boolean invite, BulkSource source,
                            List<ContactState> existingContacts, Instant now) {
        Map<String, ContactState> existing = byId(existingContacts, state -> ContactRules.emailKey(state.email()));
        record Line(int line, ContactRows.Row row, ContactRows.Problem problem) {
        }
        List<Line> lines = new ArrayList<>();
        parsed.rows().forEach(row -> lines.add(new Line(row.line(), row, null)));
        parsed.problems().forEach(problem -> lines.add(new Line(problem.line(), null, problem)));
        lines.sort(Comparator.comparingInt(Line::line));

        Map<String, Integer> firstLine = new HashMap<>();
        List<BulkItem> items = new ArrayList<>(lines.size());
        List<Contact> created = new ArrayList<>();
        for (Line line : lines) {
            int seq = items.size() + 1;
            if (line.problem() != null) {
                ContactRows.Problem problem = line.problem();
                items.add(BulkItem.skipped(seq, problem.line(), null, null, problem.label(), SkipReason.INVALID_ROW,
                        problem.field(), "Row " + problem.line() + ": " + problem.field() + " " + problem.detail(),
                        false));
                continue;
            }
            ContactRows.Row row = line.row();
            String key = ContactRules.emailKey(row.email());
            Integer earlier = firstLine.putIfAbsent(key, row.line());
            if (earlier != null) {
                items.add(BulkItem.skipped(seq, row.line(), null, null, row.email(), SkipReason.DUPLICATE, "email",
                        "Row " + row.line() + ": the same address as row " + earlier, false));
                continue;
            }
            ContactState state = existing.get(key);
            if (state != null) {
                items.add(invite ? BulkEligibility.inviteOrSkip(seq, row.line(), state, false)
                        : BulkItem.skipped(seq, row.line(), state.id(), null, row.email(), SkipReason.CONTACT_EXISTS,
                        "email", null, false));
            } else if (row.addressOnly()) {
                items.add(BulkItem.skipped(seq, row.line(), null, null, row.email(), SkipReason.UNKNOWN_CONTACT,
                        "email", "No contact has this address: give first and last name to create one", false));
            } else {
                Contact contact = new Contact(UUID.randomUUID().toString(), row.email(), row.firstName(),
                        row.lastName(), row.locale(), AccountStatus.NONE, now, now);
                created.add(contact);
                items.add(invite ? BulkItem.queued(seq, row.line(), contact.id(), null, row.email(), true)
                        : BulkItem.done(seq, row.line(), contact.id(), row.email(), true));
            }
        }
        return new BulkPlan(invite ? BulkAction.INVITE : BulkAction.IMPORT, source, items, created);
    }

    /** Resend or cancel the invitations named by id; {@code known}: the invitations that exist. */
    static BulkPlan invitationAction(BulkAction action, BulkSource source, List<String> invitationIds,
                                     List<InvitationState> known) {
        List<BulkItem> items = perId(invitationIds, known, InvitationState::id, (seq, id, state, repeated) -> {
            if (repeated) {
                return BulkItem.skipped(seq, null, state == null ? null : state.contactId(), id,
                        state == null ? ContactRows.label(id) : state.email(), SkipReason.DUPLICATE, "ids", null,
                        false);
            } else if (state == null) {
                return BulkItem.skipped(seq, null, null, null, ContactRows.label(id), SkipReason.UNKNOWN_INVITATION,
                        "ids", null, false);
            }
            return invitationItem(action, seq, state, "ids");
        });
        return new BulkPlan(action, source, items, List.of());
    }

    /**
     * Resend or cancel the latest invitation of each contact named by id (the people directory's ticked rows or its
     * filter); {@code known}: the contacts that exist, {@code latest}: their latest invitations.
     */
    static BulkPlan contactInvitationAction(BulkAction action, BulkSource source, List<String> contactIds,
                                            List<ContactState> known, List<InvitationState> latest) {
        Map<String, InvitationState> byContact = byId(latest, InvitationState::contactId);
        return new BulkPlan(action, source, perContact(contactIds, known, (seq, state) -> {
            InvitationState invitation = byContact.get(state.id());
            return invitation == null
                    ? BulkItem.skipped(seq, null, state.id(), null, state.email(), SkipReason.NO_INVITATION,
                    "contactIds", null, false)
                    : invitationItem(action, seq, invitation, "contactIds");
        }), List.of());
    }

    /** The invitation queued for the action, or skipped with what {@link BulkEligibility} says against it. */
    private static BulkItem invitationItem(BulkAction action, int seq, InvitationState state, String field) {
        SkipReason reason = BulkEligibility.blocker(action, state);
        return reason == null
                ? BulkItem.queued(seq, null, state.contactId(), state.id(), state.email(), false)
                : BulkItem.skipped(seq, null, state.contactId(), state.id(), state.email(), reason, field,
                reason.description() + " (" + state.status().toLowerCase(Locale.ROOT) + ")", false);
    }

    /** A reset link for each contact named by id that has an active account; {@code known}: the contacts that exist. */
    static BulkPlan resetLinks(BulkSource source, List<String> contactIds, List<ContactState> known) {
        return new BulkPlan(BulkAction.RESET_LINK, source, perContact(contactIds, known, BulkPlanning::resetLinkOrSkip),
                List.of());
    }

    /** A reset link needs an active account (a disabled one, or one not yet activated, gets none). */
    static BulkItem resetLinkOrSkip(int seq, ContactState state) {
        return AccountStatus.ACTIVE.name().equals(state.accountStatus())
                ? BulkItem.queued(seq, null, state.id(), null, state.email(), false)
                : BulkItem.skipped(seq, null, state.id(), null, state.email(), SkipReason.NO_ACCOUNT, "contactIds",
                SkipReason.NO_ACCOUNT.description() + " (" + state.accountStatus().toLowerCase(Locale.ROOT) + ")",
                false);
    }

    /** What becomes of a contact named once that exists. */
    private interface ItemForContact {
        BulkItem item(int seq, ContactState state);
    }

    /**
     * One item per contact id of a request, in its order: a repeat skipped as a duplicate, an unknown id as unknown,
     * the rest as {@code itemFor} says.
     */
    private static List<BulkItem> perContact(List<String> contactIds, List<ContactState> known,
                                             ItemForContact itemFor) {
        return perId(contactIds, known, ContactState::id, (seq, contactId, state, repeated) -> {
            if (repeated) {
                return BulkItem.skipped(seq, null, contactId, null, label(state, contactId), SkipReason.DUPLICATE,
                        "contactIds", null, false);
            } else if (state == null) {
                return BulkItem.skipped(seq, null, null, null, ContactRows.label(contactId),
                        SkipReason.UNKNOWN_CONTACT, "contactIds", null, false);
            }
            return itemFor.item(seq, state);
        });
    }

    /** What becomes of one id of a request: {@code state} null if unknown, {@code repeated} if named before. */
    private interface ItemForId<S> {
        BulkItem item(int seq, String id, S state, boolean repeated);
    }

    /** One item per id, in the request's order, numbered from 1. */
    private static <S> List<BulkItem> perId(List<String> ids, List<S> known, Function<S, String> key,
                                            ItemForId<S> itemFor) {
        Map<String, S> states = byId(known, key);
        List<BulkItem> items = new ArrayList<>(ids.size());
        Set<String> seen = new HashSet<>();
        for (String id : ids) {
            items.add(itemFor.item(items.size() + 1, id, states.get(id), !seen.add(id)));
        }
        return items;
    }

    /**
     * The plan after the pre-send checks ({@code PreSendChecks}) of every item that would send an email (an
     * invitation, a resend, a reset link): an error skips the item with its reason ({@code invalid-address},
     * {@code suppressed}, {@code null-mx}, {@code no-mail-domain}) and leaves its contact uncreated; a warning is
     * listed with the plan. An import without invitations and a cancel send nothing and are not checked.
     */
    static BulkPlan checked(BulkPlan plan, Function<String, PreSendChecks.Result> check) {
        if (plan.action() == BulkAction.IMPORT || plan.action() == BulkAction.CANCEL) {
            return plan;
        }
        List<BulkItem> items = new ArrayList<>(plan.items().size());
        List<BulkWarning> warnings = new ArrayList<>();
        Set<String> uncreated = new HashSet<>();
        for (BulkItem item : plan.items()) {
            if (item.outcome() != BulkOutcome.QUEUED) {
                items.add(item);
                continue;
            }
            PreSendChecks.Result result = check.apply(item.label());
            var error = result.firstError();
            if (error.isPresent()) {
                if (item.contactCreated()) {
                    uncreated.add(item.contactId());
                }
                items.add(BulkItem.skipped(item.seq(), item.sourceRow(), item.contactCreated() ? null
                                : item.contactId(), item.invitationId(), item.label(),
                        SkipReason.ofPreSendCheck(error.get().code()), "email", error.get().message(), false));
                continue;
            }
            result.warnings().forEach(warning -> warnings.add(new BulkWarning(item.seq(), item.sourceRow(),
                    item.label(), warning.code(), warning.message(), warning.suggestion())));
            items.add(item);
        }
        List<Contact> created = plan.newContacts().stream().filter(c -> !uncreated.contains(c.id())).toList();
        return new BulkPlan(plan.action(), plan.source(), items, created, List.copyOf(warnings));
    }

    /** The values by their key; the first of two with the same key wins. */
    static <T> Map<String, T> byId(List<T> values, Function<T, String> key) {
        Map<String, T> map = new HashMap<>();
        values.forEach(value -> map.putIfAbsent(key.apply(value), value));
        return map;
    }

    private static String label(ContactState state, String fallback) {
        return state != null ? state.email() : ContactRows.label(fallback);
    }
}

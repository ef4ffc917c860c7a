package org.credentialcourier.invitation;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;

import org.credentialcourier.system.CourierProperties;
import org.springframework.stereotype.Component;

/**
 * The timers of process {@code invitation}, from the invitation's expiry ({@code courier.invitation.expiry}) and
 * {@code courier.invitation.reminder-before-expiry}: {@code ${invitationSchedule.expiresAt(invitationId)}} and
 * {@code ${invitationSchedule.reminderAt(invitationId)}}.
 */
@Component("invitationSchedule")
public class InvitationSchedule {

    private final InvitationService invitations;
    private final CourierProperties properties;
    private final Clock clock;

    public InvitationSchedule(InvitationService invitations, CourierProperties properties, Clock clock) {
        this.invitations = invitations;
        this.properties = properties;
        this.clock = clock;
    }

    public Date expiresAt(String invitationId) {
        return Date.from(invitations.get(invitationId).expiresAt());
    }

    /**
     * The reminder's time. When it would fall in the past (the delivery took long, or the reminder period is longer
     * than the expiry), there is no reminder: the date lies after the expiry, whose timer ends the wait first.
     */
    public Date reminderAt(String invitationId) {
        Instant expiresAt = invitations.get(invitationId).expiresAt();
        Instant reminderAt = expiresAt.minus(properties.invitation().reminderBeforeExpiry());
        if (!reminderAt.isAfter(clock.instant())) {
            return Date.from(expiresAt.plusSeconds(60));
        }
        return Date.from(reminderAt);
    }
}

package org.credentialcourier.invitation;

import java.time.Instant;

public record Invitation(
        String id,
        String contactId,
        InvitationStatus status,
        Instant createdAt,
        String createdBy,
        Instant expiresAt,
        Instant acceptedAt,
        Instant endedAt,
        Instant updatedAt) {
}

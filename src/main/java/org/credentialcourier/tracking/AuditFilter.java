package org.credentialcourier.tracking;

import java.time.Instant;

/**
 * Which lines the audit shows; every part may be null (no filter). {@code actor} is matched exactly, {@code action}
 * is a code of {@link AuditTrail#ACTIONS}, {@code q} is searched in the contact's name and email as the people
 * directory does; {@code from} is inclusive and {@code before} exclusive.
 */
public record AuditFilter(String actor, String action, String q, Instant from, Instant before) {

    public static final AuditFilter NONE = new AuditFilter(null, null, null, null, null);
}

package org.credentialcourier.bulk;

/**
 * A warning of the pre-send checks about an item a run would still carry out ({@code likely-typo} with the suggested
 * address, {@code dns-unknown}): listed in the dry run, for the admin to correct the address first or go ahead.
 */
public record BulkWarning(int seq, Integer row, String label, String code, String message, String suggestion) {
}

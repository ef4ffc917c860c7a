package org.credentialcourier.credential;

/**
 * Published, inside the transaction that caused it, when a contact's earlier credentials stop counting: a new password,
 * a changed address, a disabled account. Whatever a member was given on the strength of them (a portal's refresh
 * token, an open authorization) listens and ends too, without this layer naming it.
 */
public record CredentialsEnded(String contactId) {
}

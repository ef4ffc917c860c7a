package org.credentialcourier.portal;

/**
 * Published when an admin removed a portal, inside that transaction: the provider removes the client and ends its
 * authorizations (codes, access and refresh tokens) and consents.
 */
public record PortalRemoved(String clientId) {
}

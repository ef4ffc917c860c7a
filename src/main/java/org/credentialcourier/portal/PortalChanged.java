package org.credentialcourier.portal;

/**
 * Published when an admin edited a portal or gave it a new client secret, inside that transaction: the provider
 * registers the changed client (the old secret stops working at once, on every node).
 */
public record PortalChanged(PortalProperties.Portal portal) {
}

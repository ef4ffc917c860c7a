package org.credentialcourier.portal;

/** Published when an admin registered a portal, inside that transaction: the provider registers it as a client. */
public record PortalRegistered(PortalProperties.Portal portal) {
}

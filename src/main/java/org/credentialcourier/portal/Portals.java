package org.credentialcourier.portal;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.springframework.stereotype.Service;

/**
 * The portals members sign in to: those of the settings ({@code courier.portals}) and those admins registered in the
 * console. The member pages ask where to send a member once the account works: to the start page of the one portal
 * that has a start page; with several, the member's own portal is unknown here.
 */
@Service
public class Portals {

    private final PortalProperties properties;
    private final PortalRepository registered;

    public Portals(PortalProperties properties, PortalRepository registered) {
        this.properties = properties;
        this.registered = registered;
    }

    /** Every portal, those of the settings first; a client id of the settings hides a console one of that id. */
    public List<PortalProperties.Portal> all() {
        List<PortalProperties.Portal> portals = new ArrayList<>(properties.portals());
        registered.all().stream()
                .filter(portal -> properties.portals().stream().noneMatch(s -> s.clientId().equals(portal.clientId())))
                .forEach(portals::add);
        return portals;
    }

    /** Whether this portal comes from the settings (changed there only), not from the console. */
    public boolean fromSettings(String clientId) {
        return properties.portals().stream().anyMatch(portal -> portal.clientId().equals(clientId));
    }

    /** The name of the portal with this client id, for people. */
    public Optional<String> named(String clientId) {
        return all().stream().filter(portal -> portal.clientId().equals(clientId))
                .map(PortalProperties.Portal::name).findFirst();
    }

    /**
     * The origins ({@code scheme://host[:port]}) a member's browser is sent to from Courier's pages: the portals'
     * redirect addresses and start pages.
     */
    public List<String> origins() {
        return all().stream()
                .flatMap(portal -> Stream.concat(portal.redirectUris().stream(), Stream.ofNullable(portal.startPage())))
                .map(Portals::origin).distinct().toList();
    }

    static String origin(URI address) {
        return address.getScheme() + "://" + address.getHost() + (address.getPort() == -1 ? "" : ":" + address.getPort());
    }

    /**
     * Where a member's credentials lead: the portal of this client id when it has a start page (an invitation named
     * it), else the one portal with a start page.
     */
    public Optional<PortalProperties.Portal> startingPortal(String clientId) {
        return all().stream().filter(portal -> portal.clientId().equals(clientId) && portal.startPage() != null)
                .findFirst().or(this::onlyPortalWithStartPage);
    }

    /** The portal with a start page, when exactly one portal has one. */
    public Optional<PortalProperties.Portal> onlyPortalWithStartPage() {
        List<PortalProperties.Portal> starting = all().stream().filter(portal -> portal.startPage() != null).toList();
        return starting.size() == 1 ? Optional.of(starting.get(0)) : Optional.empty();
    }
}

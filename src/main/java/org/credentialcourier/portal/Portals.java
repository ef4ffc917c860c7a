package org.credentialcourier.portal;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.springframework.stereotype.Service;

/**
 * The portals members sign in to. The member pages ask where to send a member once the account works: to the start
 * page of the portal when the organisation has exactly one; with several, the member's own portal is unknown here.
 */
@Service
public class Portals {

    private final PortalProperties properties;

    public Portals(PortalProperties properties) {
        this.properties = properties;
    }

    public List<PortalProperties.Portal> all() {
        return properties.portals();
    }

    /**
     * The origins ({@code scheme://host[:port]}) a member's browser is sent to from Courier's pages: the portals'
     * redirect addresses and start pages.
     */
    public List<String> origins() {
        return properties.portals().stream()
                .flatMap(portal -> Stream.concat(portal.redirectUris().stream(), Stream.ofNullable(portal.startPage())))
                .map(Portals::origin).distinct().toList();
    }

    private static String origin(URI address) {
        return address.getScheme() + "://" + address.getHost() + (address.getPort() == -1 ? "" : ":" + address.getPort());
    }

    /** The one portal's start page, when there is exactly one portal and it has a start page. */
    public Optional<PortalProperties.Portal> onlyPortalWithStartPage() {
        List<PortalProperties.Portal> portals = properties.portals();
        return portals.size() == 1 && portals.get(0).startPage() != null ? Optional.of(portals.get(0))
                : Optional.empty();
    }
}

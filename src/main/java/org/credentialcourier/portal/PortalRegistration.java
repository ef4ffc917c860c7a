package org.credentialcourier.portal;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.credentialcourier.system.web.ConflictException;
import org.credentialcourier.system.web.ResourceNotFoundException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * An admin registers a portal in the console: its name, client id and addresses are checked, a client secret of
 * 256 random bits is made and returned once, and only its bcrypt hash is kept. Redirect addresses must be https (or
 * http on this machine's loopback, for trying a portal out), with no fragment: they are compared exactly.
 */
@Service
public class PortalRegistration {

    /** A new portal's fields as an admin typed them; addresses one a line. */
    public record Form(String name, String clientId, String redirectUris, String postLogoutRedirectUris,
                       String startPage) {
    }

    /** The registered portal and its secret, which nobody will see again. */
    public record Registered(PortalProperties.Portal portal, String secret) {
    }

    /** The form's problems, by field. */
    public static final class Refused extends RuntimeException {

        private final Map<String, String> problems;

        Refused(Map<String, String> problems) {
            super("The portal was not saved: " + problems.keySet());
            this.problems = problems;
        }

        public Map<String, String> problems() {
            return problems;
        }
    }

    private static final int MAX_ADDRESSES = 10;
    private static final int MAX_ADDRESS_LENGTH = 2000;
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Portals portals;
    private final PortalRepository repository;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    /** Spring's default cost (10): the secret is 256 random bits, so no slower hash is needed for every token request. */
    private final BCryptPasswordEncoder hasher = new BCryptPasswordEncoder();

    private final PortalHistory history;

    public PortalRegistration(Portals portals, PortalRepository repository, ApplicationEventPublisher events,
                              Clock clock, PortalHistory history) {
        this.history = history;
        this.portals = portals;
        this.repository = repository;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public Registered register(Form form, String actor) {
        Map<String, String> problems = new LinkedHashMap<>();
        String clientId = form.clientId() == null ? "" : form.clientId().strip();
        if (!clientId.matches("[A-Za-z0-9._-]{1,100}")) {
            problems.put("clientId", "Use 1 to 100 letters, digits, dots, hyphens or underscores.");
        } else if (portals.all().stream().anyMatch(portal -> portal.clientId().equalsIgnoreCase(clientId))) {
            problems.put("clientId", "A portal with this client id is already registered.");
        }
        String secret = newSecret();
        PortalProperties.Portal portal = checked(form, clientId, "{bcrypt}" + hasher.encode(secret), problems);
        try {
            repository.insert(portal, actor, clock.instant());
        } catch (DuplicateKeyException registeredMeanwhile) {
            // the same client id registered by another request a moment ago: the insert is the first write, so
            // nothing of this one stays
            throw new Refused(Map.of("clientId", "A portal with this client id is already registered."));
        }
        history.record(PortalHistory.Type.PORTAL_REGISTERED, clientId, actor, describe(portal));
        events.publishEvent(new PortalRegistered(portal));
        return new Registered(portal, secret);
    }

    /**
     * A console portal's name and addresses, as the form gives them all (its client id and secret stay). The
     * provider's registration changes in the same transaction: a redirect address taken out is refused from then on.
     */
    @Transactional
    public PortalProperties.Portal edit(String clientId, Form form, String actor) {
        PortalProperties.Portal before = changeable(clientId);
        PortalProperties.Portal portal = checked(form, before.clientId(), before.secretHash(), new LinkedHashMap<>());
        repository.update(portal);
        history.record(PortalHistory.Type.PORTAL_EDITED, clientId, actor, describe(portal));
        events.publishEvent(new PortalChanged(portal));
        return portal;
    }

    /** A new client secret, returned once; the old one stops working at once. */
    @Transactional
    public Registered renewSecret(String clientId, String actor) {
        PortalProperties.Portal before = changeable(clientId);
        String secret = newSecret();
        PortalProperties.Portal portal = new PortalProperties.Portal(before.clientId(), before.name(),
                "{bcrypt}" + hasher.encode(secret), before.redirectUris(), before.postLogoutRedirectUris(),
                before.startPage());
        repository.update(portal);
        history.record(PortalHistory.Type.PORTAL_SECRET_RENEWED, clientId, actor, before.name());
        events.publishEvent(new PortalChanged(portal));
        return new Registered(portal, secret);
    }

    /** The portal is gone: no member signs in to it any more, and its tokens end. */
    @Transactional
    public void remove(String clientId, String actor) {
        PortalProperties.Portal before = changeable(clientId);
        repository.delete(clientId);
        history.record(PortalHistory.Type.PORTAL_REMOVED, clientId, actor, before.name());
        events.publishEvent(new PortalRemoved(clientId));
    }

    /** The console portal of this client id, locked until the change ends; one of the settings is changed there. */
    private PortalProperties.Portal changeable(String clientId) {
        if (portals.fromSettings(clientId)) {
            throw new ConflictException("This portal is registered in the settings (courier.portals): change it "
                    + "there.", "clientId", java.util.Map.of());
        }
        return repository.lock(clientId).orElseThrow(() -> new ResourceNotFoundException("portal", clientId));
    }

    /** The form as a portal, or every problem of it at once. */
    private static PortalProperties.Portal checked(Form form, String clientId, String secretHash,
                                                   Map<String, String> problems) {
        String name = form.name() == null ? "" : form.name().strip();
        if (name.isEmpty() || name.length() > 200) {
            problems.put("name", "Give the portal a name of 1 to 200 characters.");
        }
        List<URI> redirects = addresses(form.redirectUris(), "redirectUris", problems);
        if (redirects.isEmpty() && !problems.containsKey("redirectUris")) {
            problems.put("redirectUris", "Give at least one redirect address.");
        }
        List<URI> postLogout = addresses(form.postLogoutRedirectUris(), "postLogoutRedirectUris", problems);
        List<URI> startPage = addresses(form.startPage(), "startPage", problems);
        if (startPage.size() > 1) {
            problems.put("startPage", "Give one start page at the most.");
        }
        if (!problems.isEmpty()) {
            throw new Refused(problems);
        }
        return new PortalProperties.Portal(clientId, name, secretHash, redirects, postLogout,
                startPage.isEmpty() ? null : startPage.get(0));
    }

    private static String newSecret() {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** The audit's detail: the name and the addresses, never the secret. */
    private static String describe(PortalProperties.Portal portal) {
        return portal.name() + "; redirect " + portal.redirectUris() + "; after sign-out "
                + portal.postLogoutRedirectUris() + "; start page " + (portal.startPage() == null ? "none"
                : portal.startPage());
    }

    private static List<URI> addresses(String lines, String field, Map<String, String> problems) {
        List<URI> addresses = new ArrayList<>();
        if (lines == null) {
            return addresses;
        }
        for (String line : lines.split("\\R")) {
            String address = line.strip();
            if (address.isEmpty()) {
                continue;
            }
            URI uri = address.length() > MAX_ADDRESS_LENGTH ? null : parse(address);
            String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean secure = "https".equals(scheme)
                    || ("http".equals(scheme) && uri.getHost() != null && LOOPBACK.contains(uri.getHost()));
            if (uri == null || uri.getHost() == null || !secure || uri.getFragment() != null
                    || uri.getUserInfo() != null) {
                problems.put(field, "Each address must be a whole https:// address with no #fragment "
                        + "(http:// only on localhost), one a line.");
                return List.of();
            }
            addresses.add(uri);
        }
        if (addresses.size() > MAX_ADDRESSES) {
            problems.put(field, "Give " + MAX_ADDRESSES + " addresses at the most.");
        }
        return addresses;
    }

    private static URI parse(String address) {
        try {
            return new URI(address);
        } catch (URISyntaxException e) {
            return null;
        }
    }
}

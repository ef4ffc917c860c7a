package org.credentialcourier.member;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.credentialcourier.contact.AccountStatus;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactRepository;
import org.credentialcourier.credential.AccountPasswords;
import org.springframework.security.web.savedrequest.DefaultSavedRequest;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Component;

/**
 * The member's sign-in as the HTTP session keeps it, for the member pages and for the OpenID Provider, which signs a
 * member in to a portal on the strength of it. A session opened before the member's password was last set (by a reset,
 * an admin, the member in another browser), or of an account deleted or disabled since, ends on its next request: the
 * OWASP session management cheat sheet.
 */
@Component
public class MemberSession {

    /**
     * The session attribute where a portal's sign-in request waits while the member signs in (the provider's request
     * cache writes it; the sign-in page continues there). Not Spring Security's default, which the console uses.
     */
    public static final String PORTAL_REQUEST = "courier.portal.savedRequest";

    private static final String SESSION_CONTACT = "courier.member.contactId";
    private static final String SESSION_MUST_CHANGE = "courier.member.mustChange";
    /** When the password the session was opened with was set: a later change of the password ends the session. */
    private static final String SESSION_PASSWORD_SET_AT = "courier.member.passwordSetAt";

    private final ContactRepository contacts;
    private final AccountPasswords passwords;

    public MemberSession(ContactRepository contacts, AccountPasswords passwords) {
        this.contacts = contacts;
        this.passwords = passwords;
    }

    /** Opens the member's session under a new id: a session fixed by someone else before is worth nothing. */
    void open(HttpServletRequest request, String contactId, boolean mustChange) {
        request.getSession(true);
        request.changeSessionId();
        HttpSession session = request.getSession();
        session.setAttribute(SESSION_CONTACT, contactId);
        session.setAttribute(SESSION_MUST_CHANGE, mustChange);
        rememberPassword(session, contactId);
    }

    /** After the member's own change of the password: the session goes on with the new one. */
    void passwordChanged(HttpServletRequest request, String contactId) {
        HttpSession session = request.getSession();
        session.setAttribute(SESSION_MUST_CHANGE, false);
        rememberPassword(session, contactId);
    }

    /** The signed-in member, or empty (and a stale session ended). */
    public Optional<Contact> signedIn(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Object id = session == null ? null : session.getAttribute(SESSION_CONTACT);
        if (!(id instanceof String contactId)) {
            return Optional.empty();
        }
        Object openedWith = session.getAttribute(SESSION_PASSWORD_SET_AT);
        if (openedWith == null || !passwords.changedAt(contactId).map(openedWith::equals).orElse(false)) {
            session.invalidate();
            return Optional.empty();
        }
        Contact contact = contacts.findById(contactId).orElse(null);
        if (contact == null || contact.accountStatus() == AccountStatus.DISABLED) {
            session.invalidate();
            return Optional.empty();
        }
        return Optional.of(contact);
    }

    /** The signed-in member whose password needs no change first: the one a portal may be told about. */
    public Optional<Contact> ready(HttpServletRequest request) {
        return signedIn(request).filter(contact -> !mustChange(request));
    }

    boolean mustChange(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session != null && Boolean.TRUE.equals(session.getAttribute(SESSION_MUST_CHANGE));
    }

    /**
     * Where the member goes once signed in with a password that needs no change: back to the portal's sign-in
     * request that sent the member here, by its path only (never a host), or {@code fallback}.
     */
    String continueTo(HttpServletRequest request, String fallback) {
        HttpSessionRequestCache cache = portalRequests();
        SavedRequest saved = cache.getRequest(request, null);
        if (saved instanceof DefaultSavedRequest portal && portal.getRequestURI() != null
                && portal.getRequestURI().startsWith("/oauth2/authorize")) {
            cache.removeRequest(request, null);
            return portal.getRequestURI() + (portal.getQueryString() == null ? "" : "?" + portal.getQueryString());
        }
        return fallback;
    }

    /** The client id of the portal whose sign-in request waits in this session, if one does. */
    Optional<String> waitingPortal(HttpServletRequest request) {
        SavedRequest saved = portalRequests().getRequest(request, null);
        String[] clientId = saved == null ? null : saved.getParameterValues("client_id");
        return clientId == null || clientId.length != 1 ? Optional.empty() : Optional.of(clientId[0]);
    }

    /** The request cache that keeps a portal's sign-in request in {@link #PORTAL_REQUEST}. */
    public static HttpSessionRequestCache portalRequests() {
        HttpSessionRequestCache cache = new HttpSessionRequestCache();
        cache.setSessionAttrName(PORTAL_REQUEST);
        // the authorization request's own parameters are all there is to match; no "continue" parameter is added
        cache.setMatchingRequestParameterName(null);
        return cache;
    }

    private void rememberPassword(HttpSession session, String contactId) {
        session.setAttribute(SESSION_PASSWORD_SET_AT, passwords.changedAt(contactId).orElse(null));
    }
}

package org.credentialcourier.provider;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.credentialcourier.contact.Contact;
import org.credentialcourier.member.MemberSession;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.DeferredSecurityContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.HttpRequestResponseHolder;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * The provider's endpoints see the member signed in on the member pages ({@link MemberSession}), by the contact's id:
 * the subject of the tokens. A member who must still change a temporary password, or whose session has ended (new
 * password, disabled account), is not signed in here. Nothing is ever saved from the provider's side: the member pages
 * alone open and close the session.
 */
final class MemberSecurityContext implements SecurityContextRepository {

    static final String MEMBER = "ROLE_MEMBER";

    private final MemberSession sessions;

    MemberSecurityContext(MemberSession sessions) {
        this.sessions = sessions;
    }

    @Override
    public DeferredSecurityContext loadDeferredContext(HttpServletRequest request) {
        return new DeferredSecurityContext() {
            private SecurityContext context;

            @Override
            public SecurityContext get() {
                if (context == null) {
                    context = new SecurityContextImpl(
                            sessions.ready(request).map(MemberSecurityContext::signedIn).orElse(null));
                }
                return context;
            }

            @Override
            public boolean isGenerated() {
                return false;
            }
        };
    }

    @Override
    @SuppressWarnings("deprecation")
    public SecurityContext loadContext(HttpRequestResponseHolder holder) {
        return loadDeferredContext(holder.getRequest()).get();
    }

    @Override
    public void saveContext(SecurityContext context, HttpServletRequest request, HttpServletResponse response) {
        // the member pages keep the session; the provider only reads it
    }

    @Override
    public boolean containsContext(HttpServletRequest request) {
        return sessions.ready(request).isPresent();
    }

    private static UsernamePasswordAuthenticationToken signedIn(Contact contact) {
        return UsernamePasswordAuthenticationToken.authenticated(contact.id(), null,
                List.of(new SimpleGrantedAuthority(MEMBER)));
    }
}

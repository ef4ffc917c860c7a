package org.credentialcourier.security;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.credentialcourier.limits.RateLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Signs API and console users in against Camunda's identity service, the same users and groups that sign in to
 * Tasklist and Cockpit. Each Camunda group becomes an authority {@code GROUP_<id>}. Wrong passwords are counted per
 * user and client address ({@link LoginThrottle}: a delay, never a lock); a password still hashed the old way
 * (Camunda's salted SHA-512) is re-hashed with Argon2id ({@link Argon2PasswordEncryptor}) once it has been verified.
 * A password this node verified recently against the same stored hash is not checked again ({@link VerifiedPasswords}).
 */
@Component
public class CamundaIdentityAuthenticationProvider implements AuthenticationProvider {

    private static final Logger LOG = LoggerFactory.getLogger(CamundaIdentityAuthenticationProvider.class);

    public static final String GROUP_PREFIX = "GROUP_";
    private static final int MAX_CREDENTIAL_LENGTH = 256;

    private final IdentityService identityService;
    private final LoginThrottle throttle;
    private final Argon2PasswordEncryptor encryptor;
    private final VerifiedPasswords verified;

    public CamundaIdentityAuthenticationProvider(IdentityService identityService, LoginThrottle throttle,
                                                 Argon2PasswordEncryptor encryptor, VerifiedPasswords verified) {
        this.identityService = identityService;
        this.throttle = throttle;
        this.encryptor = encryptor;
        this.verified = verified;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String user = authentication.getName();
        Object credentials = authentication.getCredentials();
        String password = credentials == null ? null : credentials.toString();
        if (!LoginThrottle.acceptable(user) || password == null || password.length() > MAX_CREDENTIAL_LENGTH) {
            throw new BadCredentialsException("Bad credentials");
        }
        HttpServletRequest request = currentRequest();
        if (request != null) {
            RateLimiter.Decision allowed = throttle.check(user, request);
            if (!allowed.allowed()) {
                throw new LoginThrottle.Throttled(allowed);
            }
        }
        User stored = identityService.createUserQuery().userId(user).singleResult();
        // every new password gets a new random salt, so its stored hash (salt included for Argon2id) differs
        String storedHash = stored == null ? null : stored.getPassword();
        if (!verified.recognises(user, password, storedHash)) {
            verified.counted();
            if (!identityService.checkPassword(user, password)) {
                if (request != null) {
                    throttle.failed(user, request);
                }
                throw new BadCredentialsException("Bad credentials");
            }
            if (!upgradeHash(user, password)) {
                verified.remember(user, password, storedHash);
            }
        }
        List<GrantedAuthority> authorities = identityService.createGroupQuery().groupMember(user).list().stream()
                .map(Group::getId)
                .<GrantedAuthority>map(id -> new SimpleGrantedAuthority(GROUP_PREFIX + id))
                .toList();
        return UsernamePasswordAuthenticationToken.authenticated(user, null, authorities);
    }

    /**
     * Upgrade on sign-in, as members get: the only moment the password is known. Whether the stored hash changed (the
     * next request reads the new one, so nothing is remembered against the old).
     */
    private boolean upgradeHash(String userId, String password) {
        // read again: the check itself updates the user's row (its failed attempts), so an earlier read is stale
        User user = identityService.createUserQuery().userId(userId).singleResult();
        if (user == null || !encryptor.needsUpgrade(user.getPassword())) {
            return false;
        }
        try {
            user.setPassword(password);
            identityService.saveUser(user);
            return true;
        } catch (RuntimeException e) {
            // the sign-in stands; the next one tries again
            LOG.warn("Could not re-hash the password of a Camunda user: {}", e.getClass().getName());
            return false;
        }
    }

    private static HttpServletRequest currentRequest() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest() : null;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}

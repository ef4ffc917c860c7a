package org.credentialcourier.security;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.RedirectStrategy;

/**
 * Redirects within the site by path only. Spring Security remembers the page a browser wanted as an absolute URL made
 * from the request's {@code Host} (or a trusted proxy's {@code X-Forwarded-Host}); sent back as it is, a forged Host
 * would lead the browser elsewhere after sign-in. Only the path, query and fragment are kept, and with
 * {@code server.tomcat.use-relative-redirects} the {@code Location} stays relative (RFC 9110 allows it).
 */
final class RelativeRedirectStrategy implements RedirectStrategy {

    @Override
    public void sendRedirect(HttpServletRequest request, HttpServletResponse response, String url) throws IOException {
        response.sendRedirect(response.encodeRedirectURL(relative(request, url)));
    }

    static String relative(HttpServletRequest request, String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return request.getContextPath() + "/";
        }
        String path = uri.getRawPath();
        if (path == null || path.isEmpty() || !path.startsWith("/") || path.startsWith("//")) {
            if (!uri.isAbsolute() && uri.getRawAuthority() == null && path != null && !path.isEmpty()
                    && !path.startsWith("/")) {
                return request.getContextPath() + "/" + url;
            }
            path = request.getContextPath() + "/";
        } else if (!uri.isAbsolute() && uri.getRawAuthority() == null && !path.startsWith(request.getContextPath())) {
            path = request.getContextPath() + path;
        }
        return path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment());
    }
}

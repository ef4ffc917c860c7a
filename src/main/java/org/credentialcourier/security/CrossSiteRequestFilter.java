package org.credentialcourier.security;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The REST APIs ({@code /api/**}, {@code /engine-rest/**}) take HTTP Basic, which a browser caches and sends along with
 * any request to the site, including a form another site submits. So a request that changes something (any method
 * but GET, HEAD, OPTIONS) is refused (403) when the browser says it comes from elsewhere: {@code Sec-Fetch-Site}
 * other than {@code same-origin} or {@code none}, or an {@code Origin} that is not {@code courier.public-base-url}'s;
 * and (415) when its body has a type an HTML form can send ({@code application/x-www-form-urlencoded},
 * {@code text/plain}, and on {@code /api} {@code multipart/form-data}): no endpoint of the application's API takes them,
 * and the engine's REST API takes multipart only for deployments and files. Scripts send neither header and keep
 * working. OWASP's CSRF Prevention Cheat Sheet (Fetch Metadata, verifying the origin with standard headers).
 */
final class CrossSiteRequestFilter extends OncePerRequestFilter {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    private static final Set<String> SAME_SITE = Set.of("same-origin", "none");

    private final String origin;

    /** {@code publicBaseUrl}: the application's own origin is its scheme, host and port. */
    CrossSiteRequestFilter(URI publicBaseUrl) {
        this.origin = originOf(publicBaseUrl);
    }

    static String originOf(URI url) {
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        int port = url.getPort();
        boolean defaultPort = port == -1 || ("https".equals(scheme) && port == 443) || ("http".equals(scheme) && port == 80);
        return scheme + "://" + url.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (SAFE_METHODS.contains(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !SAME_SITE.contains(site.trim().toLowerCase(Locale.ROOT))) {
            refuse(response, "Sec-Fetch-Site");
            return;
        }
        String from = request.getHeader("Origin");
        if (from != null && !sameOrigin(from)) {
            refuse(response, "Origin");
            return;
        }
        String type = request.getContentType();
        if (type != null && formSendable(type, request.getRequestURI().startsWith(request.getContextPath() + "/api/"))) {
            SecurityConfiguration.writeProblem(response, 415, "Unsupported Media Type",
                    "This content type is not accepted here", "Content-Type");
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean sameOrigin(String header) {
        try {
            URI uri = URI.create(header.trim());
            return uri.getScheme() != null && uri.getHost() != null && origin.equals(originOf(uri))
                    && (uri.getRawPath() == null || uri.getRawPath().isEmpty());
        } catch (IllegalArgumentException e) {
            // "null" (sandboxed frames, redirects across sites) and anything malformed
            return false;
        }
    }

    private static boolean formSendable(String contentType, boolean applicationApi) {
        MediaType type;
        try {
            type = MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            return true;
        }
        return MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(type)
                || MediaType.TEXT_PLAIN.equalsTypeAndSubtype(type)
                || (applicationApi && MediaType.MULTIPART_FORM_DATA.equalsTypeAndSubtype(type));
    }

    private static void refuse(HttpServletResponse response, String header) throws IOException {
        SecurityConfiguration.writeProblem(response, 403, "Forbidden",
                "A request from another site is not accepted here", header);
    }
}

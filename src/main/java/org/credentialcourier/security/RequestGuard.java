package org.credentialcourier.security;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.credentialcourier.credential.HashingPermits;
import org.credentialcourier.limits.ClientAddress;
import org.credentialcourier.limits.RequestLimits;
import org.credentialcourier.system.web.BodyInMemory;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What one client may take of the server, checked before anything else reads a request: at most
 * {@code courier.requests.max-in-flight-per-client} requests in flight per client address (429 beyond, so that one
 * client cannot hold every thread), a body may take {@code courier.requests.body-deadline} in all to arrive (408
 * beyond, however slowly it trickles: Tomcat's time-out counts between bytes only; what counts is the time spent
 * waiting for the body's bytes, not the server's own work before or between reads), and the body of an anonymous form
 * (the member pages, the console's sign-in) is at most {@code courier.requests.max-form-size} (413 beyond) and is read
 * here, within the deadline, before anyone asks for a parameter.
 */
@Configuration(proxyBeanMethods = false)
public class RequestGuard {

    /** The pages whose forms anyone may post: their bodies are read and bounded here. */
    static final Set<String> ANONYMOUS_FORMS = Set.of("/sign-in", "/change-password", "/forgot-password", "/activate",
            "/reset-password", "/sign-out", "/account", "/admin/sign-in");

    /** Set on a request whose answer ends the connection without reading the rest of its body. */
    static final String CLOSE_NOW = RequestGuard.class.getName() + ".closeNow";

    /**
     * Tomcat reads and drops what is left of a refused body before it answers the next request on the connection
     * (up to {@code max-swallow-size}, however slowly it comes): a refused slow body would hold its thread all the
     * same. The valve tells Tomcat not to, and to close the connection, for every request this guard refused.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> closeRefusedConnections() {
        return factory -> factory.addEngineValves(new ValveBase(true) {
            @Override
            public void invoke(Request request, Response response) throws IOException, ServletException {
                try {
                    getNext().invoke(request, response);
                } finally {
                    if (request.getAttribute(CLOSE_NOW) != null) {
                        request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
                    }
                }
            }
        });
    }

    /** The places for password hashing, per client and in all (courier.requests.hashing-*). */
    @Bean
    HashingPermits hashingPermits(RequestLimits limits) {
        return new HashingPermits(limits.hashingPerClient(), limits.effectiveHashingTotal(), limits.hashingWait());
    }

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> requestGuardFilter(RequestLimits limits) {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new Filter(limits));
        registration.addUrlPatterns("/*");
        // before Spring Security (-100), whose CSRF check reads the form; after the character encoding filter
        registration.setOrder(-200);
        return registration;
    }

    /** The request's body took longer than the deadline to arrive. */
    static final class DeadlineExceeded extends InterruptedIOException {

        DeadlineExceeded() {
            super("the request body took too long to arrive");
        }
    }

    static final class Filter extends OncePerRequestFilter {

        private final RequestLimits limits;
        private final ConcurrentHashMap<String, Integer> inFlight = new ConcurrentHashMap<>();

        Filter(RequestLimits limits) {
            this.limits = limits;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String client = ClientAddress.of(request);
            if (!enter(client)) {
                response.setHeader("Retry-After", "1");
                page(request, response, 429, "Too many requests", "Too many requests from your address at once. Try again in a moment.");
                return;
            }
            try {
                guarded(request, response, chain);
            } finally {
                leave(client);
            }
        }

        /** Requests in flight per client address now: for the tests. */
        int inFlight(String client) {
            return inFlight.getOrDefault(client, 0);
        }

        private void guarded(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            long deadline = limits.bodyDeadline().toNanos();
            if (isAnonymousForm(request)) {
                long max = limits.maxFormSize().toBytes();
                if (request.getContentLengthLong() > max) {
                    tooLarge(request, response);
                    linger(request.getInputStream(), limits.lingerTime());
                    return;
                }
                byte[] body;
                try {
                    body = read(new DeadlineStream(request.getInputStream(), deadline), max + 1);
                } catch (DeadlineExceeded slow) {
                    timedOut(request, response);
                    return;
                }
                if (body.length > max) {
                    tooLarge(request, response);
                    linger(request.getInputStream(), limits.lingerTime());
                    return;
                }
                chain.doFilter(new FormRequest(request, body), response);
                return;
            }
            try {
                chain.doFilter(new DeadlineRequest(request, deadline), response);
            } catch (DeadlineExceeded slow) {
                if (!response.isCommitted()) {
                    response.reset();
                    timedOut(request, response);
                }
            }
        }

        private static boolean isAnonymousForm(HttpServletRequest request) {
            if (!"POST".equals(request.getMethod()) || !ANONYMOUS_FORMS.contains(request.getServletPath())) {
                return false;
            }
            String type = request.getContentType();
            try {
                return type != null && MediaType.APPLICATION_FORM_URLENCODED.includes(MediaType.parseMediaType(type));
            } catch (RuntimeException unparseable) {
                return false;
            }
        }

        /**
         * Reads and drops what the client is still sending after its body was refused for its size, for at most
         * {@code time} (checked after each read; a client that stops sending holds the thread one packet time-out
         * longer at most), before the connection closes. Closing on unread bytes resets the connection, and a client
         * still writing then loses the 413 it was sent (nginx's lingering close has the same reason). Slow bodies
         * (408) and refusals for too many requests (429) close at once: their clients are the ones to shed.
         */
        static void linger(InputStream in, Duration time) {
            long until = System.nanoTime() + time.toNanos();
            byte[] drop = new byte[8192];
            try {
                while (System.nanoTime() < until && in.read(drop) >= 0) {
                    // dropped
                }
            } catch (IOException goneOrTimedOut) {
                // the client stopped or went away: nothing is left to protect
            }
        }

        private static byte[] read(InputStream in, long limit) throws IOException {
            return in.readNBytes((int) Math.min(Integer.MAX_VALUE, limit));
        }

        private boolean enter(String client) {
            boolean[] entered = {false};
            inFlight.compute(client, (key, count) -> {
                int now = count == null ? 0 : count;
                if (now >= limits.maxInFlightPerClient()) {
                    return count;
                }
                entered[0] = true;
                return now + 1;
            });
            return entered[0];
        }

        private void leave(String client) {
            inFlight.computeIfPresent(client, (key, count) -> count <= 1 ? null : count - 1);
        }

        private static void tooLarge(HttpServletRequest request, HttpServletResponse response) throws IOException {
            page(request, response, 413, "Too large", "What was sent is larger than this page accepts.");
        }

        private static void timedOut(HttpServletRequest request, HttpServletResponse response) throws IOException {
            page(request, response, 408, "Too slow", "What was sent took too long to arrive. Please try again.");
        }

        /** A small page of its own; the connection is closed, nothing more of the body is read (but see linger). */
        private static void page(HttpServletRequest request, HttpServletResponse response, int status, String title,
                                 String text) throws IOException {
            request.setAttribute(CLOSE_NOW, Boolean.TRUE);
            response.setStatus(status);
            response.setHeader("Connection", "close");
            response.setHeader("Cache-Control", "no-store");
            response.setContentType("text/html;charset=UTF-8");
            response.getWriter().write("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title
                    + "</title><link rel=\"stylesheet\" href=\"/css/courier.css\"></head><body><header>Credential "
                    + "Courier</header><main><h1>" + title + "</h1><p class=\"problem\">" + text
                    + "</p></main></body></html>");
            response.flushBuffer();
        }
    }

    /**
     * An input stream that fails once the time spent waiting in its reads passes the deadline, checked after each
     * read returns. Only the waiting counts: a server busy before or between reads (a password hash, a loaded
     * machine) does not make an honest client's body late.
     */
    static final class DeadlineStream extends ServletInputStream {

        private final ServletInputStream in;
        private final long deadlineNanos;
        private long waitedNanos;

        DeadlineStream(ServletInputStream in, long deadlineNanos) {
            this.in = in;
            this.deadlineNanos = deadlineNanos;
        }

        private long start() throws DeadlineExceeded {
            if (waitedNanos > deadlineNanos) {
                throw new DeadlineExceeded();
            }
            return System.nanoTime();
        }

        private void waited(long since) throws DeadlineExceeded {
            waitedNanos += System.nanoTime() - since;
            if (waitedNanos > deadlineNanos) {
                throw new DeadlineExceeded();
            }
        }

        @Override
        public int read() throws IOException {
            long since = start();
            int b = in.read();
            waited(since);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            long since = start();
            int n = in.read(buffer, offset, length);
            waited(since);
            return n;
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }

    /** Any other request: its body, read through the stream, within the deadline. */
    static final class DeadlineRequest extends HttpServletRequestWrapper {

        private final long deadline;
        private ServletInputStream stream;

        /** @param deadline the time its body may take to arrive, in nanoseconds */
        DeadlineRequest(HttpServletRequest request, long deadline) {
            super(request);
            this.deadline = deadline;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new DeadlineStream(super.getInputStream(), deadline);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(),
                    encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding)));
        }
    }

    /** A form whose body was read here: its parameters come from that body (after the query string's). */
    static final class FormRequest extends HttpServletRequestWrapper {

        private final byte[] body;
        private final Map<String, String[]> parameters;

        FormRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
            String encoding = request.getCharacterEncoding();
            Charset charset;
            try {
                charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            } catch (RuntimeException unknown) {
                charset = StandardCharsets.UTF_8;
            }
            Map<String, List<String>> values = new LinkedHashMap<>();
            // the query string's parameters: the body was read here, so the container parses the query only
            request.getParameterMap().forEach((name, given) -> values.computeIfAbsent(name, n -> new ArrayList<>())
                    .addAll(List.of(given)));
            for (String pair : new String(body, StandardCharsets.ISO_8859_1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                try {
                    String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), charset);
                    String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), charset);
                    values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
                } catch (IllegalArgumentException malformed) {
                    // a broken escape: the pair is dropped, as the container drops it
                }
            }
            Map<String, String[]> map = new LinkedHashMap<>();
            values.forEach((name, list) -> map.put(name, list.toArray(String[]::new)));
            this.parameters = Collections.unmodifiableMap(map);
        }

        @Override
        public String getParameter(String name) {
            String[] values = parameters.get(name);
            return values == null ? null : values[0];
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return parameters;
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.enumeration(parameters.keySet());
        }

        @Override
        public String[] getParameterValues(String name) {
            String[] values = parameters.get(name);
            return values == null ? null : values.clone();
        }

        @Override
        public ServletInputStream getInputStream() {
            return BodyInMemory.stream(body);
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.ISO_8859_1));
        }
    }
}

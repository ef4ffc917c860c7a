package org.credentialcourier.system.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * JSON bodies of the application's API, read strictly before anything parses them: at most {@value #MAX_BODY} bytes
 * (413 otherwise), and valid UTF-8 only (400 otherwise), so that an over-long encoding or an encoded surrogate never
 * turns into a character that a later check did not see.
 */
@Configuration(proxyBeanMethods = false)
public class StrictJsonBodyFilter {

    static final int MAX_BODY = 1024 * 1024;

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> strictJsonBody() {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new Filter());
        registration.addUrlPatterns("/api/*");
        // after Spring Security (order -100): strangers are turned away before their bodies are read
        registration.setOrder(1);
        return registration;
    }

    static final class Filter extends OncePerRequestFilter {

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (!isJson(request.getContentType())) {
                chain.doFilter(request, response);
                return;
            }
            if (request.getContentLengthLong() > MAX_BODY) {
                problem(response, 413, "Payload too large", "the request body is larger than " + MAX_BODY + " bytes");
                return;
            }
            byte[] body;
            try (InputStream in = request.getInputStream()) {
                body = in.readNBytes(MAX_BODY + 1);
            }
            if (body.length > MAX_BODY) {
                problem(response, 413, "Payload too large", "the request body is larger than " + MAX_BODY + " bytes");
                return;
            }
            try {
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
            } catch (CharacterCodingException e) {
                problem(response, 400, "Invalid input", "body is not valid UTF-8");
                return;
            }
            chain.doFilter(new CachedBody(request, body), response);
        }

        private static boolean isJson(String contentType) {
            if (contentType == null) {
                return false;
            }
            try {
                MediaType type = MediaType.parseMediaType(contentType);
                return type.isCompatibleWith(MediaType.APPLICATION_JSON) || type.getSubtype().endsWith("+json");
            } catch (RuntimeException unparseable) {
                return false;
            }
        }

        private static void problem(HttpServletResponse response, int status, String title, String detail)
                throws IOException {
            response.setStatus(status);
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.getWriter().write("{\"type\":\"urn:credential-courier:problem:invalid-input\",\"title\":\"" + title
                    + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\",\"field\":\"body\"}");
        }
    }

    /** The request with its body read once and served again from memory. */
    private static final class CachedBody extends HttpServletRequestWrapper {

        private final byte[] body;

        CachedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous reads only");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }
            };
        }

        @Override
        public java.io.BufferedReader getReader() {
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}

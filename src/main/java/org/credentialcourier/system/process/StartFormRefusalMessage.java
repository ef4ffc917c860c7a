package org.credentialcourier.system.process;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * A start form refused for what the admin typed ({@link FormInput#refused}) reaches Tasklist as a 400 whose message
 * the engine's REST resource prefixes with "Cannot instantiate process definition invitation:1:847a…:", and Tasklist
 * shows that message as it is. This filter leaves the sentence only, on both doors of the engine's REST resources:
 * {@code /engine-rest} and the webapps' {@code /camunda/api/engine} that Tasklist calls. Only a 400 answer to a
 * {@code submit-form} is read; every other answer passes untouched.
 */
@Configuration(proxyBeanMethods = false)
public class StartFormRefusalMessage {

    private static final Pattern PREFIXED = Pattern.compile("Cannot instantiate process definition \\S+: (.+)",
            Pattern.DOTALL);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> startFormRefusalMessageFilter() {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new Filter());
        registration.addUrlPatterns("/engine-rest/*", "/camunda/api/engine/*");
        // after Spring Security (order -100): only an admin's answers are read
        registration.setOrder(2);
        return registration;
    }

    /** The sentence of a prefixed message, or the message itself. */
    static String sentence(String message) {
        Matcher matcher = PREFIXED.matcher(message);
        return matcher.matches() ? matcher.group(1) : message;
    }

    static final class Filter extends OncePerRequestFilter {

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            return !"POST".equals(request.getMethod()) || !request.getRequestURI().endsWith("/submit-form");
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            ContentCachingResponseWrapper answer = new ContentCachingResponseWrapper(response);
            try {
                chain.doFilter(request, answer);
                if (answer.getStatus() == HttpStatus.BAD_REQUEST.value() && answer.getContentType() != null
                        && answer.getContentType().contains("json")) {
                    rewrite(answer);
                }
            } finally {
                answer.copyBodyToResponse();
            }
        }

        private static void rewrite(ContentCachingResponseWrapper answer) throws IOException {
            JsonNode body;
            try {
                body = JSON.readTree(answer.getContentAsByteArray());
            } catch (IOException notJson) {
                return;
            }
            if (body instanceof ObjectNode problem && problem.path("message").isTextual()) {
                String message = problem.get("message").asText();
                String sentence = sentence(message);
                if (!sentence.equals(message)) {
                    problem.put("message", sentence);
                    answer.resetBuffer();
                    answer.getOutputStream().write(JSON.writeValueAsBytes(problem));
                }
            }
        }
    }
}

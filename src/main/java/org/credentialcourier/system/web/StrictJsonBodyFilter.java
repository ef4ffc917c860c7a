package org.credentialcourier.system.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * JSON bodies of the application's API, read strictly before anything parses them: at most {@value #MAX_BODY} bytes
 * (413 otherwise), and valid UTF-8 only (400 otherwise), so that an over-long encoding or an encoded surrogate never
 * turns into a character that a later check did not see. JSON is UTF-8 (RFC 8259, section 8.1): a declared charset
 * other than UTF-8 is refused with 415 rather than honoured, and a NUL byte (which UTF-8 JSON never has, UTF-16 and
 * UTF-32 always do) with 400, so the bytes checked here are the characters Jackson reads. Jackson itself is made as
 * strict (issue 13, case 19, {@link #strictJsonReading}): a repeated key, a number or boolean where text is expected,
 * and an escaped unpaired surrogate (U+D800 sent as a JSON escape) are refused with 400 naming the field.
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

    /**
     * Jackson as strict as the filter: numbers and booleans are not text (Jackson turns {@code 42} into {@code "42"}
     * by default), and text must be well-formed UTF-16, which a JSON escape can break. Repeated keys are refused by
     * {@code spring.jackson.parser.strict-duplicate-detection} in application.yaml.
     */
    @Bean
    Jackson2ObjectMapperBuilderCustomizer strictJsonReading() {
        return builder -> builder.deserializerByType(String.class, new WellFormedText())
                .postConfigurer(mapper -> mapper.coercionConfigFor(LogicalType.Textual)
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }

    /** Text with an unpaired surrogate (U+D800 sent as a JSON escape): answered 400 naming the field. */
    public static final class IllFormedText extends MismatchedInputException {

        IllFormedText(JsonParser parser) {
            super(parser, "text with an unpaired surrogate", String.class);
        }
    }

    /** Jackson's own reading of text (with its coercion rules), then a check for unpaired surrogates. */
    static final class WellFormedText extends StdScalarDeserializer<String> {

        WellFormedText() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = StringDeserializer.instance.deserialize(parser, context);
            if (text != null && !wellFormed(text)) {
                throw new IllFormedText(parser);
            }
            return text;
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Textual;
        }

        @Override
        public Object getEmptyValue(DeserializationContext context) {
            return "";
        }

        /** codePoints() yields a well-formed pair as one code point and a lone surrogate as itself. */
        static boolean wellFormed(String text) {
            return text.codePoints().noneMatch(cp -> Character.getType(cp) == Character.SURROGATE);
        }
    }

    static final class Filter extends OncePerRequestFilter {

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (!isJson(request.getContentType())) {
                chain.doFilter(request, response);
                return;
            }
            if (!utf8OrNoCharset(request.getContentType())) {
                problem(response, 415, "Unsupported media type",
                        "JSON is read as UTF-8 only: send charset=UTF-8 or none", "Content-Type");
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
            if (StrictUtf8.decode(body).isEmpty()) {
                problem(response, 400, "Invalid input", "body is not valid UTF-8");
                return;
            }
            for (byte b : body) {
                if (b == 0) {
                    problem(response, 400, "Invalid input", "body is not UTF-8 JSON (a NUL byte: UTF-16 or UTF-32?)");
                    return;
                }
            }
            chain.doFilter(BodyInMemory.request(request, body), response);
        }

        private static boolean isJson(String contentType) {
            if (contentType == null) {
                return false;
            }
            try {
                MediaType type = MediaType.parseMediaType(contentType);
                return type.isCompatibleWith(MediaType.APPLICATION_JSON) || type.getSubtype().endsWith("+json");
            } catch (RuntimeException unparseable) {
                // e.g. an unknown charset: still JSON by its type, refused below with the other charsets
                String bare = contentType.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
                return bare.equals(MediaType.APPLICATION_JSON_VALUE) || bare.endsWith("+json");
            }
        }

        private static boolean utf8OrNoCharset(String contentType) {
            try {
                String charset = MediaType.parseMediaType(contentType).getParameter("charset");
                return charset == null || java.nio.charset.Charset.forName(charset.replace("\"", "").strip())
                        .equals(StandardCharsets.UTF_8);
            } catch (RuntimeException unparseable) {
                return false;
            }
        }

        private static void problem(HttpServletResponse response, int status, String title, String detail)
                throws IOException {
            problem(response, status, title, detail, "body");
        }

        /** The field names what is at fault: the body, or a header such as the {@code Content-Type}. */
        private static void problem(HttpServletResponse response, int status, String title, String detail,
                                    String field) throws IOException {
            response.setStatus(status);
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.getWriter().write("{\"type\":\"urn:credential-courier:problem:invalid-input\",\"title\":\"" + title
                    + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\",\"field\":\"" + field + "\"}");
        }
    }
}

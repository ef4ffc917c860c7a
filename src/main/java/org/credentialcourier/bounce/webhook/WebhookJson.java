package org.credentialcourier.bounce.webhook;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.credentialcourier.system.web.InvalidInputException;

/** Reading the providers' JSON: malformed content is a 400 naming the body, never a 500. */
final class WebhookJson {

    private WebhookJson() {
    }

    static JsonNode parse(ObjectMapper json, byte[] body, String field) {
        try {
            JsonNode node = json.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new InvalidInputException(field, "is empty");
            }
            return node;
        } catch (IOException e) {
            throw new InvalidInputException(field, "is not well-formed JSON");
        }
    }

    static JsonNode parse(ObjectMapper json, String text, String field) {
        try {
            JsonNode node = json.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new InvalidInputException(field, "is empty");
            }
            return node;
        } catch (IOException e) {
            throw new InvalidInputException(field, "is not well-formed JSON");
        }
    }

    /** The text of a field, or null when missing, null or not text. */
    static String text(JsonNode node, String name) {
        JsonNode value = node == null ? null : node.get(name);
        return value != null && value.isValueNode() && !value.isNull() ? value.asText() : null;
    }

    /** A field that must be text. */
    static String required(JsonNode node, String name, String field) {
        String value = text(node, name);
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, "is missing");
        }
        return value;
    }

    /** An ISO-8601 instant, or {@code otherwise} when missing or unreadable. */
    static Instant instant(String value, Instant otherwise) {
        if (value == null) {
            return otherwise;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException again) {
                return otherwise;
            }
        }
    }

    /** A Message-ID in angle brackets, as the mail log keeps it; null stays null. */
    static String bracketed(String messageId) {
        if (messageId == null || messageId.isBlank()) {
            return null;
        }
        String bare = messageId.strip();
        return bare.startsWith("<") ? bare : "<" + bare + ">";
    }
}

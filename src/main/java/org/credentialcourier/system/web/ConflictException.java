package org.credentialcourier.system.web;

import java.util.Map;

/** The request is well-formed but the current state does not allow it: 409, with what is in the way. */
public class ConflictException extends RuntimeException {

    private final String field;
    private final Map<String, Object> properties;

    public ConflictException(String message, String field, Map<String, Object> properties) {
        super(message);
        this.field = field;
        this.properties = Map.copyOf(properties);
    }

    public String field() {
        return field;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}

package org.credentialcourier.system.web;

/** A value in the request breaks a rule that annotations cannot express: 400 naming the field. */
public class InvalidInputException extends RuntimeException {

    private final String field;

    public InvalidInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}

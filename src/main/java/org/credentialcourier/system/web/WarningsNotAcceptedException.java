package org.credentialcourier.system.web;

import java.net.URI;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The request would work but something about it looks wrong (a likely typo in an address, a DNS lookup that failed):
 * 422 with the warnings, each with its code, sentence and suggestion, until the request is sent again with
 * {@code acceptWarnings: true}. Nothing was written. Carries its own Problem Details body.
 */
public class WarningsNotAcceptedException extends ErrorResponseException {

    /** One warning: {@code likely-typo}, {@code dns-unknown}; {@code suggestion} may be null. */
    public record Warning(String code, String message, String suggestion) {
    }

    private final transient List<Warning> warnings;

    public WarningsNotAcceptedException(String field, List<Warning> warnings) {
        super(HttpStatus.UNPROCESSABLE_ENTITY, body(field, warnings), null);
        this.warnings = List.copyOf(warnings);
    }

    public List<Warning> warnings() {
        return warnings;
    }

    private static ProblemDetail body(String field, List<Warning> warnings) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY,
                String.join(" ", warnings.stream().map(Warning::message).toList())
                        + " Send the request again with acceptWarnings: true to go ahead even so.");
        problem.setTitle("Warnings not accepted");
        problem.setType(URI.create("urn:credential-courier:problem:warnings"));
        problem.setProperty("field", field);
        problem.setProperty("warnings", warnings);
        return problem;
    }
}

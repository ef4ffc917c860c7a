package org.credentialcourier.system.web;

import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.validation.ConstraintViolationException;


import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the application's REST API as RFC 9457 (formerly 7807) Problem Details that name the field, never a
 * stack trace. Unexpected failures are logged here with an id and answered with that id only.
 */
@RestControllerAdvice
public class ApiProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiProblemHandler.class);
    private static final URI INVALID = URI.create("urn:credential-courier:problem:invalid-input");
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '([A-Za-z0-9_]{1,64})'");

    /** One broken rule: the field (a JSON property or query parameter) and what is wrong with it. */
    public record FieldError(String field, String message) {
    }

    @ExceptionHandler(ResourceNotFoundException.class)
    ProblemDetail notFound(ResourceNotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Not found");
        problem.setType(URI.create("urn:credential-courier:problem:not-found"));
        problem.setProperty("resource", e.resource());
        return problem;
    }

    @ExceptionHandler(ConflictException.class)
    ProblemDetail conflict(ConflictException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Conflict");
        problem.setType(URI.create("urn:credential-courier:problem:conflict"));
        if (e.field() != null) {
            problem.setProperty("field", e.field());
        }
        e.properties().forEach(problem::setProperty);
        return problem;
    }

    @ExceptionHandler(InvalidInputException.class)
    ProblemDetail invalid(InvalidInputException e) {
        return invalid(List.of(new FieldError(e.field(), e.getMessage())));
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ProblemDetail invalid(ConstraintViolationException e) {
        return invalid(e.getConstraintViolations().stream()
                .map(v -> new FieldError(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .toList());
    }

    /** A body sent as multipart that is not: nothing was read, nothing written. */
    @ExceptionHandler(org.springframework.web.multipart.MultipartException.class)
    ProblemDetail malformedMultipart(org.springframework.web.multipart.MultipartException e) {
        return invalid(List.of(new FieldError("body", "is not a well-formed multipart request")));
    }

    /** The process moved at this very moment (a timer fired, a job ran): nothing was changed; trying again helps. */
    @ExceptionHandler(BusyException.class)
    ProblemDetail busy(RuntimeException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "The invitation is changing at this moment (its process is busy): nothing was changed, try again");
        problem.setTitle("Busy");
        problem.setType(URI.create("urn:credential-courier:problem:busy"));
        return problem;
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        String incident = java.util.UUID.randomUUID().toString();
        log.error("Unexpected failure {} while serving a request", incident, e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The request could not be completed. Quote incident " + incident + " to the operators.");
        problem.setTitle("Internal error");
        problem.setProperty("incident", incident);
        return problem;
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = e.getBindingResult().getFieldErrors().stream()
                .map(f -> new FieldError(f.getField(), f.getDefaultMessage()))
                .toList();
        return ResponseEntity.badRequest().body(invalid(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream().map(error -> new FieldError(
                        result.getMethodParameter().getParameterName(), error.getDefaultMessage())))
                .toList();
        return ResponseEntity.badRequest().body(invalid(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String field = null;
        String message = "the request body is not valid JSON of the expected shape";
        if (e.getCause() instanceof StrictJsonBodyFilter.IllFormedText text && !text.getPath().isEmpty()) {
            field = path(text);
            message = "must not contain an unpaired surrogate (it is not well-formed Unicode text)";
        } else if (e.getCause() instanceof StreamReadException read && duplicateKey(read) != null) {
            field = duplicateKey(read);
            message = "appears more than once";
        } else if (e.getCause() instanceof UnrecognizedPropertyException unknown) {
            field = unknown.getPropertyName();
            message = "is not a known property";
        } else if (e.getCause() instanceof InvalidFormatException format) {
            field = path(format);
            message = "has the wrong type";
        } else if (e.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            field = path(mapping);
            message = "has the wrong type";
        }
        return ResponseEntity.badRequest().body(invalid(List.of(new FieldError(field == null ? "body" : field, message))));
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(org.springframework.beans.TypeMismatchException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String field = e instanceof MethodArgumentTypeMismatchException m ? m.getName() : e.getPropertyName();
        return ResponseEntity.badRequest().body(invalid(List.of(new FieldError(field, "has the wrong type"))));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, @Nullable Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        // framework-raised problems (405, 406, 415, 404 for unknown paths ...): a Problem Details body without internals
        if (body == null) {
            // an ErrorResponseException of ours carries its own Problem Details (413 naming the body, say)
            body = e instanceof org.springframework.web.ErrorResponseException own ? own.getBody()
                    : ProblemDetail.forStatus(status);
        }
        HttpHeaders problemHeaders = new HttpHeaders();
        problemHeaders.addAll(headers);
        problemHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return super.handleExceptionInternal(e, body, problemHeaders, status, request);
    }

    private static ProblemDetail invalid(List<FieldError> errors) {
        List<FieldError> sorted = errors.stream().sorted(Comparator.comparing(FieldError::field)).toList();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                String.join("; ", sorted.stream().map(f -> f.field() + " " + f.message()).toList()));
        problem.setTitle("Invalid input");
        problem.setType(INVALID);
        problem.setProperties(Map.of("field", sorted.isEmpty() ? "body" : sorted.get(0).field(), "errors", sorted));
        return problem;
    }

    /** The repeated key of a body refused by {@code strict-duplicate-detection}, when it is a plain property name. */
    private static String duplicateKey(StreamReadException e) {
        Matcher duplicate = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
        return duplicate.matches() ? duplicate.group(1) : null;
    }

    private static String path(JsonMappingException e) {
        return String.join(".", e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .toList());
    }

    private static String lastNode(String propertyPath) {
        int dot = propertyPath.lastIndexOf('.');
        return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
    }
}

package org.credentialcourier.portal;

import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Size;

import org.credentialcourier.system.CurrentActor;
import org.credentialcourier.system.web.ApiProblemHandler;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The portals over REST (docs/API.md, docs/PORTALS.md): {@code GET /api/portals}; {@code POST} registers one and
 * answers its client secret, once; {@code PUT /api/portals/{clientId}} sets its name and addresses (all of them:
 * what is left out is gone); {@code POST .../secret} makes a new secret, answered once, the old one ends at once;
 * {@code DELETE} removes it and ends its tokens. Secrets are answered with {@code Cache-Control: no-store} and never
 * listed; a portal of the settings is a 409 here. A bad field is a 400 naming every broken field; nothing is saved.
 */
@RestController
@RequestMapping("/api/portals")
public class PortalController {

    private final Portals portals;
    private final PortalRegistration registration;
    private final CurrentActor actor;

    public PortalController(Portals portals, PortalRegistration registration, CurrentActor actor) {
        this.portals = portals;
        this.registration = registration;
        this.actor = actor;
    }

    /** A portal as the API shows it: never its secret, nor the secret's hash. */
    public record PortalView(String clientId, String name, List<URI> redirectUris, List<URI> postLogoutRedirectUris,
                             URI startPage, String registeredIn) {
    }

    /** A portal's fields; {@code clientId} only when it is registered. */
    public record PortalBody(@Size(max = 100) String clientId, @Size(max = 400) String name,
                             @Size(max = 50) List<@Size(max = 4000) String> redirectUris,
                             @Size(max = 50) List<@Size(max = 4000) String> postLogoutRedirectUris,
                             @Size(max = 4000) String startPage) {
    }

    /** The answer that carries a secret, the one time it is shown. */
    public record WithSecret(PortalView portal, String clientSecret) {
    }

    @GetMapping
    public List<PortalView> list() {
        return portals.all().stream().map(this::view).toList();
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<WithSecret> register(@jakarta.validation.Valid @RequestBody PortalBody body) {
        PortalRegistration.Registered registered = registration.register(form(body, body.clientId()), actor.name());
        return ResponseEntity.status(HttpStatus.CREATED).cacheControl(CacheControl.noStore())
                .location(URI.create("/api/portals/" + registered.portal().clientId()))
                .body(new WithSecret(view(registered.portal()), registered.secret()));
    }

    @PutMapping(path = "/{clientId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public PortalView edit(@PathVariable @Size(max = 100) String clientId,
                           @jakarta.validation.Valid @RequestBody PortalBody body) {
        return view(registration.edit(clientId, form(body, clientId), actor.name()));
    }

    @PostMapping("/{clientId}/secret")
    public ResponseEntity<WithSecret> renewSecret(@PathVariable @Size(max = 100) String clientId) {
        PortalRegistration.Registered renewed = registration.renewSecret(clientId, actor.name());
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .body(new WithSecret(view(renewed.portal()), renewed.secret()));
    }

    @DeleteMapping("/{clientId}")
    public ResponseEntity<Void> remove(@PathVariable @Size(max = 100) String clientId) {
        registration.remove(clientId, actor.name());
        return ResponseEntity.noContent().build();
    }

    /** Every broken field of the body at once, as the API's other 400s name them. */
    @ExceptionHandler(PortalRegistration.Refused.class)
    ProblemDetail refused(PortalRegistration.Refused refused) {
        List<ApiProblemHandler.FieldError> errors = refused.problems().entrySet().stream()
                .map(problem -> new ApiProblemHandler.FieldError(problem.getKey(), problem.getValue()))
                .sorted(Comparator.comparing(ApiProblemHandler.FieldError::field)).toList();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, String.join("; ",
                errors.stream().map(error -> error.field() + ": " + error.message()).toList()));
        problem.setTitle("Invalid input");
        problem.setType(URI.create("urn:credential-courier:problem:invalid-input"));
        problem.setProperties(Map.of("field", errors.get(0).field(), "errors", errors));
        return problem;
    }

    private static PortalRegistration.Form form(PortalBody body, String clientId) {
        return new PortalRegistration.Form(body.name(), clientId, lines(body.redirectUris(), "redirectUris"),
                lines(body.postLogoutRedirectUris(), "postLogoutRedirectUris"), body.startPage() == null ? ""
                        : oneLine(body.startPage(), "startPage"));
    }

    /** The list as the form's lines; an address with a line break in it would be two, so it is refused. */
    private static String lines(List<String> addresses, String field) {
        return addresses == null ? "" : String.join("\n", addresses.stream()
                .map(address -> oneLine(address == null ? "" : address, field)).toList());
    }

    private static String oneLine(String address, String field) {
        if (address.lines().count() > 1) {
            throw new PortalRegistration.Refused(Map.of(field, "An address is one line."));
        }
        return address;
    }

    private PortalView view(PortalProperties.Portal portal) {
        return new PortalView(portal.clientId(), portal.name(), portal.redirectUris(),
                portal.postLogoutRedirectUris(), portal.startPage(),
                portals.fromSettings(portal.clientId()) ? "settings" : "console");
    }
}

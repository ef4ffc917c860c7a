package org.credentialcourier.console;

import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.credentialcourier.portal.PortalRegistration;
import org.credentialcourier.portal.Portals;
import org.credentialcourier.provider.SigningKeys;
import org.credentialcourier.system.CourierProperties;
import org.credentialcourier.system.CurrentActor;
import org.credentialcourier.system.web.OneTimeSecrets;
import org.credentialcourier.system.web.ResourceNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.view.RedirectView;

/**
 * {@code /admin/portals}: the portals that sign members in with Courier (docs/PORTALS.md), and a form to register
 * one. The client secret is made here and shown once, on the page the registration redirects to (303), as a new
 * password is ({@link OneTimeSecrets}); only its hash is kept. Portals of the settings are listed, not changed here.
 * The keys that sign the portals' tokens are listed too, with a new key to add and older ones to retire.
 */
@Controller
class PortalsPageController {

    static final String PATH = "/admin/portals";

    private final Portals portals;
    private final PortalRegistration registration;
    private final OneTimeSecrets secrets;
    private final CurrentActor actor;
    private final CourierProperties properties;
    private final SigningKeys keys;

    PortalsPageController(Portals portals, PortalRegistration registration, OneTimeSecrets secrets, CurrentActor actor,
                          CourierProperties properties, SigningKeys keys) {
        this.keys = keys;
        this.portals = portals;
        this.registration = registration;
        this.secrets = secrets;
        this.actor = actor;
        this.properties = properties;
    }

    @GetMapping(PATH)
    String list(Model model) {
        return page(new PortalRegistration.Form("", "", "", "", ""), Map.of(), model);
    }

    @PostMapping(PATH)
    ModelAndView register(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String clientId,
                    @RequestParam(defaultValue = "") String redirectUris,
                    @RequestParam(defaultValue = "") String postLogoutRedirectUris,
                    @RequestParam(defaultValue = "") String startPage, HttpSession session, Model model,
                    HttpServletResponse response) {
        PortalRegistration.Form form = new PortalRegistration.Form(name, clientId, redirectUris,
                postLogoutRedirectUris, startPage);
        PortalRegistration.Registered registered;
        try {
            registered = registration.register(form, actor.name());
        } catch (PortalRegistration.Refused refused) {
            response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
            return new ModelAndView(page(form, refused.problems(), model));
        }
        String clientIdOf = registered.portal().clientId();
        String key = secrets.keep(session, clientIdOf, new Secret(registered.secret()));
        return seeOther(PATH + "/" + clientIdOf + "/secret/" + key);
    }

    /**
     * A new signing key: it signs from now on, published beside the others, so portals that cached the key set still
     * validate the tokens signed before.
     */
    @PostMapping(PATH + "/signing-keys")
    ModelAndView rotate(RedirectAttributes flash) {
        String keyId = keys.rotate(actor.name());
        flash.addFlashAttribute("notice", "Key " + keyId + " signs from now on; the others are still published.");
        return seeOther(PATH);
    }

    /** An older key is no longer published: tokens it signed stop validating. The key that signs stays. */
    @PostMapping(PATH + "/signing-keys/{keyId}/retire")
    ModelAndView retire(@PathVariable String keyId, RedirectAttributes flash) {
        if (keys.retire(keyId, actor.name())) {
            flash.addFlashAttribute("notice", "Key " + keyId + " is retired: tokens it signed no longer validate.");
        } else {
            flash.addFlashAttribute("problem", "Not retired: the key that signs now, or no published key, has this id.");
        }
        return seeOther(PATH);
    }

    /** A console portal's page: its settings to change, a new client secret, and its removal. */
    @GetMapping(PATH + "/{clientId}")
    String portal(@PathVariable String clientId, Model model) {
        var portal = consolePortal(clientId);
        return editPage(clientId, new PortalRegistration.Form(portal.name(), clientId,
                lines(portal.redirectUris()), lines(portal.postLogoutRedirectUris()),
                portal.startPage() == null ? "" : portal.startPage().toString()), Map.of(), model);
    }

    @PostMapping(PATH + "/{clientId}/edit")
    ModelAndView edit(@PathVariable String clientId, @RequestParam(defaultValue = "") String name,
                      @RequestParam(defaultValue = "") String redirectUris,
                      @RequestParam(defaultValue = "") String postLogoutRedirectUris,
                      @RequestParam(defaultValue = "") String startPage, Model model,
                      HttpServletResponse response, RedirectAttributes flash) {
        consolePortal(clientId);
        PortalRegistration.Form form = new PortalRegistration.Form(name, clientId, redirectUris,
                postLogoutRedirectUris, startPage);
        try {
            registration.edit(clientId, form, actor.name());
        } catch (PortalRegistration.Refused refused) {
            response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
            return new ModelAndView(editPage(clientId, form, refused.problems(), model));
        }
        flash.addFlashAttribute("notice", "Portal " + clientId + " is saved; it applies at once, on every node.");
        return seeOther(PATH + "/" + clientId);
    }

    /** A new client secret, shown once as at the registration; the old one stops working at once. */
    @PostMapping(PATH + "/{clientId}/secret")
    ModelAndView renewSecret(@PathVariable String clientId, HttpSession session) {
        consolePortal(clientId);
        PortalRegistration.Registered renewed = registration.renewSecret(clientId, actor.name());
        String key = secrets.keep(session, clientId, new Secret(renewed.secret()));
        return seeOther(PATH + "/" + clientId + "/secret/" + key);
    }

    /** The portal goes, and with it every authorization and token a member gave or got for it. */
    @PostMapping(PATH + "/{clientId}/remove")
    ModelAndView remove(@PathVariable String clientId, RedirectAttributes flash) {
        consolePortal(clientId);
        registration.remove(clientId, actor.name());
        flash.addFlashAttribute("notice", "Portal " + clientId + " is removed: its members' tokens no longer work.");
        return seeOther(PATH);
    }

    /** A portal registered in the console; one of the settings is changed there only (404 here). */
    private org.credentialcourier.portal.PortalProperties.Portal consolePortal(String clientId) {
        return portals.all().stream().filter(p -> p.clientId().equals(clientId) && !portals.fromSettings(clientId))
                .findFirst().orElseThrow(() -> new ResourceNotFoundException("portal", clientId));
    }

    private String editPage(String clientId, PortalRegistration.Form form, Map<String, String> problems,
                            Model model) {
        model.addAttribute("clientId", clientId);
        model.addAttribute("form", form);
        model.addAttribute("problems", problems);
        return "console/portal";
    }

    private static String lines(java.util.List<java.net.URI> addresses) {
        return String.join("\n", addresses.stream().map(Object::toString).toList());
    }

    private static ModelAndView seeOther(String path) {
        RedirectView next = new RedirectView(path, true);
        next.setStatusCode(HttpStatus.SEE_OTHER);
        next.setExposeModelAttributes(false);
        return new ModelAndView(next);
    }

    /** The secret, the first time only; then "already shown". */
    @GetMapping(PATH + "/{clientId}/secret/{key}")
    String secret(@PathVariable String clientId, @PathVariable String key, HttpSession session, Model model,
                  HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Referrer-Policy", "no-referrer");
        var portal = portals.all().stream().filter(p -> p.clientId().equals(clientId)).findFirst()
                .orElseThrow(() -> new ResourceNotFoundException("portal", clientId));
        model.addAttribute("portal", portal);
        model.addAttribute("issuer", properties.publicLink(""));
        secrets.take(session, key, clientId, Secret.class).ifPresent(secret -> model.addAttribute("secret",
                secret.value()));
        return "console/portal-secret";
    }

    private String page(PortalRegistration.Form form, Map<String, String> problems, Model model) {
        model.addAttribute("portals", portals.all().stream()
                .map(portal -> new Row(portal.name(), portal.clientId(), String.join(" ",
                        portal.redirectUris().stream().map(Object::toString).toList()),
                        portal.startPage() == null ? "" : portal.startPage().toString(),
                        portals.fromSettings(portal.clientId()) ? "settings" : "console"))
                .toList());
        model.addAttribute("form", form);
        model.addAttribute("problems", problems);
        model.addAttribute("issuer", properties.publicLink(""));
        model.addAttribute("keys", keys.published());
        return "console/portals";
    }

    /** A line of the list. */
    record Row(String name, String clientId, String redirectUris, String startPage, String source) {
    }

    /** A secret waiting for its one showing; its {@code toString} keeps it out of any log. */
    private record Secret(String value) {

        @Override
        public String toString() {
            return "Secret[hidden]";
        }
    }
}

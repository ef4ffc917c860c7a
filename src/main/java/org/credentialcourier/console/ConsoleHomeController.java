package org.credentialcourier.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.credentialcourier.system.CourierProperties;
import org.credentialcourier.system.web.ConsolePaths;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The console's front door: {@code /admin} leads to the people directory (admins think in people, issue 15); the
 * sign-in form (Spring Security checks what it posts, against the Camunda identities); the page for a refused request.
 */
@Controller
class ConsoleHomeController {

    private final CourierProperties properties;

    ConsoleHomeController(CourierProperties properties) {
        this.properties = properties;
    }

    @GetMapping({"/admin", "/admin/"})
    String home() {
        return "redirect:/admin/contacts";
    }

    @GetMapping(ConsolePaths.ADMIN_SIGN_IN)
    String signIn(@RequestParam(required = false) String error,
                  @RequestParam(name = "signed-out", required = false) String signedOut, Model model) {
        model.addAttribute("adminGroup", properties.adminGroup());
        model.addAttribute("error", error != null);
        model.addAttribute("signedOut", signedOut != null);
        return "console/sign-in";
    }

    /** Reached by a forward from Spring Security (any method): not an admin, or a form without a valid CSRF token. */
    @RequestMapping(ConsolePaths.ADMIN_DENIED)
    String denied(HttpServletRequest request, HttpServletResponse response, Model model) {
        response.setStatus(HttpStatus.FORBIDDEN.value());
        model.addAttribute("adminGroup", properties.adminGroup());
        model.addAttribute("csrf", request.getAttribute(WebAttributes.ACCESS_DENIED_403) instanceof CsrfException);
        return "console/denied";
    }
}

package org.credentialcourier.member;

import jakarta.servlet.http.HttpServletResponse;

import org.credentialcourier.portal.Portals;
import org.credentialcourier.system.CourierProperties;
import org.credentialcourier.system.web.ContentSecurityPolicy;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every member page shows, whichever controller renders it (a link's problem page too): the organisation's name
 * ({@code courier.organisation-name}) in the header and texts, never the product's.
 */
@ControllerAdvice(basePackageClasses = MemberPages.class)
public class MemberPages {

    private final CourierProperties properties;
    private final Portals portals;

    public MemberPages(CourierProperties properties, Portals portals) {
        this.properties = properties;
        this.portals = portals;
    }

    /**
     * The pages' policy, with the portals' origins as places a form may end: signing in for a portal ends at the
     * portal's redirect address (Spring Security's header writer leaves a policy already set alone).
     */
    @ModelAttribute
    void contentSecurityPolicy(HttpServletResponse response) {
        // read each time: a portal registered in the console counts at once, on every node
        response.setHeader("Content-Security-Policy", ContentSecurityPolicy.allowingFormsTo(portals.origins()));
    }

    @ModelAttribute("organisation")
    String organisation() {
        return properties.organisationName();
    }
}

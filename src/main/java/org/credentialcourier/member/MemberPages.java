package org.credentialcourier.member;

import org.credentialcourier.system.CourierProperties;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every member page shows, whichever controller renders it (a link's problem page too): the organisation's name
 * ({@code courier.organisation-name}) in the header and texts, never the product's.
 */
@ControllerAdvice(basePackageClasses = MemberPages.class)
public class MemberPages {

    private final CourierProperties properties;

    public MemberPages(CourierProperties properties) {
        this.properties = properties;
    }

    @ModelAttribute("organisation")
    String organisation() {
        return properties.organisationName();
    }
}

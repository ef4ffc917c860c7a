package org.credentialcourier.system.web;

import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.i18n.AcceptHeaderLocaleResolver;

/**
 * The language of a page: the contact's, when the controller knows whose page it is, else the browser's among the
 * supported ones (English by default).
 */
@Component("localeResolver")
public class CourierLocaleResolver implements LocaleResolver {

    private static final String ATTRIBUTE = CourierLocaleResolver.class.getName() + ".locale";

    private final AcceptHeaderLocaleResolver browser = new AcceptHeaderLocaleResolver();

    public CourierLocaleResolver() {
        browser.setSupportedLocales(List.of(Locale.ENGLISH, Locale.FRENCH));
        browser.setDefaultLocale(Locale.ENGLISH);
    }

    /** Renders this request's page in {@code locale}. */
    public static void use(HttpServletRequest request, Locale locale) {
        request.setAttribute(ATTRIBUTE, locale);
    }

    @Override
    public Locale resolveLocale(HttpServletRequest request) {
        Object chosen = request.getAttribute(ATTRIBUTE);
        return chosen instanceof Locale locale ? locale : browser.resolveLocale(request);
    }

    @Override
    public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
        use(request, locale);
    }
}

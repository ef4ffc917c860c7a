package org.credentialcourier.mail;

import static org.assertj.core.api.Assertions.assertThat;

import org.credentialcourier.system.CourierProperties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * The emails' brand settings as an operator gives them: with the application's own defaults
 * ({@code application.yaml}), a colour that is not hex or a logo that is not https stops the start with a message
 * naming the setting, before any email could carry it; good values brand the emails. No engine, no web server.
 */
class MailBrandSettingsTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(CourierProperties.class)
    static class Settings {
    }

    private final ApplicationContextRunner application = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withUserConfiguration(Settings.class);

    @Test
    void theDefaultsStart() {
        application.run(context -> {
            assertThat(context).hasNotFailed();
            MailBrand brand = MailBrand.of(context.getBean(CourierProperties.class));
            assertThat(brand.colour()).isEqualTo("#14532d");
            assertThat(brand.textColour()).isEqualTo("#ffffff");
            assertThat(brand.logoUrl()).isNull();
            assertThat(brand.organisation()).isEqualTo("Credential Courier demo");
        });
    }

    @ParameterizedTest(name = "colour [{0}]")
    @ValueSource(strings = {"red", "#12345g", "#1234", "14532d", "#14532d; background: url(https://x.test)",
            "#fff\" onload=\"x", "expression(alert(1))", ""})
    void aColourThatIsNotHexStopsTheStart(String colour) {
        application.withPropertyValues("courier.mail.brand-colour=" + colour).run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains("brandColour")
                    .contains(CourierProperties.HEX_COLOUR_MESSAGE);
        });
    }

    @ParameterizedTest(name = "logo [{0}]")
    @ValueSource(strings = {"http://example.org/logo.png", "javascript:alert(1)", "//example.org/logo.png",
            "https://example.org/logo.png\" onerror=\"x", "https://example.org/a b.png", "data:image/png;base64,AAAA",
            "ftp://example.org/logo.png"})
    void aLogoThatIsNotHttpsStopsTheStart(String logo) {
        application.withPropertyValues("courier.mail.logo-url=" + logo).run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains("logoUrl")
                    .contains(CourierProperties.HTTPS_URL_MESSAGE);
        });
    }

    @Test
    void goodValuesBrandTheEmails() {
        application.withPropertyValues("courier.mail.brand-colour=#FC0", "courier.mail.logo-url=https://example.org/logo.png",
                "courier.organisation-name=Northwind Members").run(context -> {
            assertThat(context).hasNotFailed();
            MailBrand brand = MailBrand.of(context.getBean(CourierProperties.class));
            assertThat(brand).isEqualTo(new MailBrand("Northwind Members", "#ffcc00", "#1f2933",
                    "https://example.org/logo.png"));
        });
    }

    @ParameterizedTest(name = "{0} takes {1} text")
    @CsvSource({"#14532d, #ffffff", "#000000, #ffffff", "#1d4ed8, #ffffff", "#ffffff, #1f2933", "#fde68a, #1f2933",
            "#22c55e, #1f2933"})
    void theButtonsTextStaysReadable(String colour, String text) {
        assertThat(MailBrand.textOn(colour)).isEqualTo(text);
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            all.append(cause.getMessage()).append('\n');
        }
        return all.toString();
    }
}

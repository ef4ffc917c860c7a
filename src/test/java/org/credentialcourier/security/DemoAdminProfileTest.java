package org.credentialcourier.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The demo admin ({@code demo}/{@code demo}) exists on the embedded defaults only: the settings of profile
 * {@code postgres}, read as the application reads them, name no admin user to create.
 */
class DemoAdminProfileTest {

    /** Nothing but the application's configuration files. */
    @Configuration(proxyBeanMethods = false)
    static class SettingsOnly {
    }

    @Test
    void theEmbeddedDefaultsHaveTheDemoAdmin() {
        try (ConfigurableApplicationContext context = settings()) {
            Environment settings = context.getEnvironment();
            assertThat(settings.getProperty("camunda.bpm.admin-user.id")).isEqualTo("demo");
        }
    }

    @Test
    void thePostgresProfileHasNoDemoAdmin() {
        try (ConfigurableApplicationContext context = settings("postgres")) {
            Environment settings = context.getEnvironment();
            assertThat(settings.getProperty("camunda.bpm.admin-user.id")).isNull();
            assertThat(settings.getProperty("camunda.bpm.admin-user.password")).isNull();
            assertThat(settings.getProperty("courier.mail.embedded-smtp.enabled")).isEqualTo("false");
        }
    }

    private static ConfigurableApplicationContext settings(String... profiles) {
        return new SpringApplicationBuilder(SettingsOnly.class).web(WebApplicationType.NONE).profiles(profiles)
                .properties("spring.main.banner-mode=off").logStartupInfo(false).run();
    }
}

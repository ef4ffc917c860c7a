package org.credentialcourier.system.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/** The settings of the application's own application.yaml, as the H2 file tests need them. */
final class ApplicationYaml {

    private ApplicationYaml() {
    }

    /** {@code courier.h2-compaction} as application.yaml sets it. */
    static H2CompactionProperties compactionSettings() throws IOException {
        return new Binder(ConfigurationPropertySources.from(load()))
                .bind("courier.h2-compaction", H2CompactionProperties.class).get();
    }

    /** The application's own H2 URL, with its file {@code courier} in {@code dir}. */
    static String h2Url(Path dir) throws IOException {
        String url = (String) load().getProperty("spring.datasource.url");
        assertThat(url).startsWith("jdbc:h2:file:./data/courier;");
        return url.replace("./data/courier", dir.resolve("courier").toString());
    }

    private static PropertySource<?> load() throws IOException {
        return new YamlPropertySourceLoader().load("application", new ClassPathResource("application.yaml")).get(0);
    }
}

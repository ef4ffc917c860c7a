package org.credentialcourier.engine;

import java.util.Arrays;
import java.util.stream.Stream;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The application's tables (Flyway) come before the engine's: on a new database Flyway then finds an empty schema
 * and starts from V1, however early some bean asks for the engine. Without this, the engine could create its
 * {@code ACT_*} tables first, and Flyway would refuse the non-empty schema.
 */
@Configuration(proxyBeanMethods = false)
public class SchemaBeforeEngine {

    static final String ENGINE = "processEngineFactoryBean";
    static final String FLYWAY = "flywayInitializer";

    @Bean
    static BeanFactoryPostProcessor engineAfterFlyway() {
        return beanFactory -> {
            if (beanFactory.containsBeanDefinition(ENGINE) && beanFactory.containsBeanDefinition(FLYWAY)) {
                BeanDefinition engine = beanFactory.getBeanDefinition(ENGINE);
                String[] dependsOn = engine.getDependsOn() == null ? new String[0] : engine.getDependsOn();
                if (!Arrays.asList(dependsOn).contains(FLYWAY)) {
                    engine.setDependsOn(Stream.concat(Arrays.stream(dependsOn), Stream.of(FLYWAY)).toArray(String[]::new));
                }
            }
        };
    }
}

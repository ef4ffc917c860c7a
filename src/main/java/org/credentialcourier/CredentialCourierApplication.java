package org.credentialcourier;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class CredentialCourierApplication {

    public static void main(String[] args) {
        SpringApplication.run(CredentialCourierApplication.class, args);
    }
}

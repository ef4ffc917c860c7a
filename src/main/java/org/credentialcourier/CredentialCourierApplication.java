package org.credentialcourier;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class CredentialCourierApplication {

    public static void main(String[] args) {
        // Inside the executable jar every ServiceLoader lookup scans all nested jars. Jakarta Mail looks up its
        // StreamProvider for every message part, the engine a DatatypeFactory for every retry cycle it parses:
        // naming the implementations skips the scans (about 6 % of the CPU of an invitation, docs/BENCHMARKS.md).
        defaultProperty("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
        defaultProperty("javax.xml.datatype.DatatypeFactory",
                "com.sun.org.apache.xerces.internal.jaxp.datatype.DatatypeFactoryImpl");
        SpringApplication.run(CredentialCourierApplication.class, args);
    }

    private static void defaultProperty(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }
}

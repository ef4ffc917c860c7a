package org.credentialcourier.system;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class ClockConfiguration {

    /** The application's time, in UTC; one bean so that tests could move it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}

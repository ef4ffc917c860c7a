package org.credentialcourier.support;

import org.springframework.test.context.ActiveProfilesResolver;

/**
 * The tests' profiles: {@code test}, plus {@code postgres} when {@code COURIER_TEST_DATABASE=postgres}, which is how
 * CI runs the same suite against PostgreSQL as well as H2.
 */
public class TestProfiles implements ActiveProfilesResolver {

    @Override
    public String[] resolve(Class<?> testClass) {
        return "postgres".equalsIgnoreCase(System.getenv("COURIER_TEST_DATABASE"))
                ? new String[] {"test", "postgres", "test-postgres"}
                : new String[] {"test"};
    }
}

package org.credentialcourier.system;

import org.springframework.stereotype.Component;

/**
 * The engine's retry cycle for technical failures of asynchronous steps ({@code courier.jobs.retry-cycle}, default
 * {@code R3/PT1M}); when it is used up the job becomes an incident in Cockpit. Used by the diagrams as
 * {@code ${courierJobs.retryCycle}}.
 */
@Component("courierJobs")
public class CourierJobs {

    private final String retryCycle;

    public CourierJobs(CourierProperties properties) {
        this.retryCycle = properties.jobs().retryCycle();
    }

    public String getRetryCycle() {
        return retryCycle;
    }
}

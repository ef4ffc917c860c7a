package org.credentialcourier.password;

import org.credentialcourier.system.CourierProperties;
import org.springframework.stereotype.Component;

/**
 * Whether the contact hears of a password change ({@code courier.password.change-notice}): after a reset, after a
 * change the contact made, and after an admin's change handed over by hand unless the admin chose
 * {@code manual-no-notice} (an emailed new password tells them itself). Used by the diagrams as
 * {@code ${passwordNotices.enabled}} and {@code ${passwordNotices.afterAdminChange(delivery)}}.
 */
@Component("passwordNotices")
public class PasswordNotices {

    private final boolean enabled;
    private final PasswordChangeProcessClient process;

    public PasswordNotices(CourierProperties properties, PasswordChangeProcessClient process) {
        this.enabled = properties.password().changeNotice();
        this.process = process;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public boolean afterAdminChange(String delivery) {
        return enabled && PasswordChangeProcess.Delivery.MANUAL.code().equals(delivery);
    }

    /** A notice outside any process of its own (the contact changed the password): one {@code mail-delivery}. */
    public void sendStandalone(String contactId) {
        if (enabled) {
            process.sendChangeNotice(contactId);
        }
    }
}

package org.credentialcourier.bounce.webhook;

/**
 * A webhook request that does not prove it comes from the provider: unsigned or without credentials (401), or badly
 * signed, stale, replayed or from a source not configured (403). The message is fixed text, never the request's
 * values, and holds no secret: it is logged and answered as it is.
 */
public class WebhookRefused extends Exception {

    private final int status;

    public WebhookRefused(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public static WebhookRefused unsigned(String what) {
        return new WebhookRefused(401, what);
    }

    public static WebhookRefused forbidden(String what) {
        return new WebhookRefused(403, what);
    }

    public int status() {
        return status;
    }
}

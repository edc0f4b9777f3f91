package dev.kontextbot.adapter.web;

/** A request the playground will not serve at all (wrong Host, another site's page); answered as JSON with its code. */
final class RefusedRequest extends RuntimeException {
    private final int status;
    private final String error;

    RefusedRequest(int status, String error, String message) {
        super(message);
        this.status = status;
        this.error = error;
    }

    int status() {
        return status;
    }

    String error() {
        return error;
    }
}

package dev.kontextbot.provider.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kontextbot.engine.model.ProviderFailure;

import java.time.Duration;

/**
 * One HTTP exchange with a provider, read: the status and JSON body, or the network failure. {@code sent}
 * tells whether a failed request may have reached the service (then resubmitting could bill twice).
 * {@code tooLarge}: the answer was bigger than the client reads, so {@code body} is empty although the service
 * answered; a caller must not mistake that for an answer without the fields it looks for.
 */
public record HttpAnswer(int status, JsonNode body, Duration retryAfter, ProviderFailure.Network networkError, boolean sent, boolean tooLarge) {

    public HttpAnswer(int status, JsonNode body, Duration retryAfter, ProviderFailure.Network networkError, boolean sent) {
        this(status, body, retryAfter, networkError, sent, false);
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    public boolean networkFailed() {
        return networkError != null;
    }

    /** For the log: what the network did, or the status ("HTTP 503"); never the body, which may echo what was sent. */
    public String summary() {
        return networkFailed() ? networkError.name() : "HTTP " + status;
    }
}

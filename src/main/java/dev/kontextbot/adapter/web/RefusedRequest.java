package dev.kontextbot.adapter.web;

import dev.kontextbot.adapter.words.Words;

/**
 * A request the playground will not serve at all (wrong Host, another site's page, no access token); answered as JSON
 * with its code and a sentence of words/playground in the request's language.
 */
final class RefusedRequest extends RuntimeException {
    private final int status;
    private final String error;
    private final String key;

    RefusedRequest(int status, String error, String key) {
        super(error);
        this.status = status;
        this.error = error;
        this.key = key;
    }

    int status() {
        return status;
    }

    String error() {
        return error;
    }

    String say(Words words) {
        return words.say(key);
    }
}

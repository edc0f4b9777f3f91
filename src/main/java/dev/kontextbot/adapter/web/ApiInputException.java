package dev.kontextbot.adapter.web;

import dev.kontextbot.adapter.words.Words;

/**
 * A request the API cannot read (malformed JSON, a missing field): a sentence of words/playground that says which,
 * worded in the request's language when it is answered.
 */
final class ApiInputException extends RuntimeException {
    private final String error;
    private final String key;
    private final Object[] namesAndValues;

    /** {@code key} in words/playground with its placeholders as name, value pairs; answered as "bad_request". */
    ApiInputException(String key, Object... namesAndValues) {
        this("bad_request", key, namesAndValues);
    }

    private ApiInputException(String error, String key, Object[] namesAndValues) {
        super(key);
        this.error = error;
        this.key = key;
        this.namesAndValues = namesAndValues.clone();
    }

    /** A parameter's value that cannot be used, answered as "invalid_parameter" like the engine's refusals. */
    static ApiInputException invalidParameter(String key, Object... namesAndValues) {
        return new ApiInputException("invalid_parameter", key, namesAndValues);
    }

    String error() {
        return error;
    }

    /** The sentence in the reader's words. */
    String say(Words words) {
        return words.say(key, namesAndValues);
    }
}

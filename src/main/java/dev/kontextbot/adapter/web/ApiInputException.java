package dev.kontextbot.adapter.web;

/** A request the API cannot read (malformed JSON, a missing field); the message says which. */
final class ApiInputException extends RuntimeException {
    ApiInputException(String message) {
        super(message);
    }
}

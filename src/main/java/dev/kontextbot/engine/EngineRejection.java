package dev.kontextbot.engine;

/** A command the engine will not carry out; the message is for the person who gave it. */
public class EngineRejection extends RuntimeException {
    public enum Reason { INVALID, NOT_FOUND, CONFLICT, QUOTA }

    private final Reason reason;

    public EngineRejection(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    static EngineRejection invalid(String message) {
        return new EngineRejection(Reason.INVALID, message);
    }

    static EngineRejection notFound(String message) {
        return new EngineRejection(Reason.NOT_FOUND, message);
    }

    static EngineRejection quota(String message) {
        return new EngineRejection(Reason.QUOTA, message);
    }

    static EngineRejection conflict(String message) {
        return new EngineRejection(Reason.CONFLICT, message);
    }
}

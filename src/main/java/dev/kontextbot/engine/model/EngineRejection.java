package dev.kontextbot.engine.model;

import java.util.Optional;

/**
 * A command the engine will not carry out. A limit it breaks is a typed {@link Refusal}, a turn its provider cannot
 * run a typed {@link ProviderRefusal}, a value or an image it will not take a typed {@link Rejected}, for the adapter to put in
 * words (the message is then only for logs); any other rejection's message is still for the person who gave it.
 */
public class EngineRejection extends RuntimeException {
    public enum Reason { INVALID, NOT_FOUND, CONFLICT, QUOTA }

    private final Reason reason;
    private final transient Refusal refusal;
    private final transient ProviderRefusal providerRefusal;
    private final transient Rejected rejected;

    public EngineRejection(Reason reason, String message) {
        this(reason, message, null);
    }

    /** {@code rejected}: why, as data, for the adapter to word; {@code message} is then English for logs. */
    public EngineRejection(Reason reason, String message, Rejected rejected) {
        super(message);
        this.reason = reason;
        this.refusal = null;
        this.providerRefusal = null;
        this.rejected = rejected;
    }

    /** The turn cannot run where it would go (the catalogue or the provider says why); the adapter says it in words. */
    public EngineRejection(ProviderRefusal refusal) {
        super("refused by the provider: " + refusal);
        this.reason = Reason.INVALID;
        this.refusal = null;
        this.providerRefusal = refusal;
        this.rejected = null;
    }

    public EngineRejection(Refusal refusal) {
        super("refused: " + refusal);
        this.reason = switch (refusal.setting()) {
            case MODELS, SAFETY -> Reason.INVALID;
            case BUDGET, QUOTAS -> Reason.QUOTA;
        };
        this.refusal = refusal;
        this.providerRefusal = null;
        this.rejected = null;
    }

    public Reason reason() {
        return reason;
    }

    /** The limit broken, when that is why: the adapter says it in the person's words. */
    public Optional<Refusal> refusal() {
        return Optional.ofNullable(refusal);
    }

    /** Why the catalogue or the provider will not run the turn, when that is why. */
    public Optional<ProviderRefusal> providerRefusal() {
        return Optional.ofNullable(providerRefusal);
    }

    /** Why a value or an image was not taken, when the engine says it as data. */
    public Optional<Rejected> rejected() {
        return Optional.ofNullable(rejected);
    }

    public static EngineRejection invalid(String message, Rejected rejected) {
        return new EngineRejection(Reason.INVALID, message, rejected);
    }

    public static EngineRejection notFound(String message, Rejected rejected) {
        return new EngineRejection(Reason.NOT_FOUND, message, rejected);
    }

    public static EngineRejection conflict(String message, Rejected rejected) {
        return new EngineRejection(Reason.CONFLICT, message, rejected);
    }

    public static EngineRejection invalid(String message) {
        return new EngineRejection(Reason.INVALID, message);
    }

    public static EngineRejection notFound(String message) {
        return new EngineRejection(Reason.NOT_FOUND, message);
    }

    public static EngineRejection conflict(String message) {
        return new EngineRejection(Reason.CONFLICT, message);
    }
}

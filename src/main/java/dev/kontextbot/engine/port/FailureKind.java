package dev.kontextbot.engine.port;

/** Why a turn did not produce images; adapters choose their wording and emoji from it. */
public enum FailureKind {
    /** The request itself is wrong (the provider refused a parameter or the image). */
    BAD_REQUEST,
    /** The input or the output was flagged by the provider's safety filter. */
    MODERATED,
    /** The account has no credits left. */
    NO_CREDITS,
    /** The provider keeps answering "too many requests". */
    RATE_LIMITED,
    /** The provider is down or erroring. */
    UNAVAILABLE,
    /** The turn ran past its deadline. */
    TIMEOUT,
    /** The result was gone before we could fetch it. */
    EXPIRED,
    /** The service cancelled the job itself (an operator there, say); the turn ends as cancelled, not failed. */
    CANCELLED,
    /** The turn was interrupted in a way that makes resubmitting unsafe (it might be billed twice). */
    INTERRUPTED,
    /** Something the provider did not explain. */
    PROVIDER_ERROR
}

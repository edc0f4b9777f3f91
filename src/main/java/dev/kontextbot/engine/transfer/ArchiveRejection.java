package dev.kontextbot.engine.transfer;

import dev.kontextbot.engine.model.EngineRejection;

/** A session archive that cannot be imported; the message says what is wrong with it. */
public final class ArchiveRejection extends EngineRejection {
    private final boolean tooLarge;

    private ArchiveRejection(String message, boolean tooLarge) {
        super(Reason.INVALID, message);
        this.tooLarge = tooLarge;
    }

    public static ArchiveRejection invalid(String message) {
        return new ArchiveRejection(message, false);
    }

    /** Over one of the {@link ImportLimits}. */
    static ArchiveRejection tooLarge(String message) {
        return new ArchiveRejection(message, true);
    }

    public boolean tooLarge() {
        return tooLarge;
    }
}

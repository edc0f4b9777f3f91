package dev.kontextbot.engine.transfer;

import dev.kontextbot.engine.model.EngineRejection;
import dev.kontextbot.engine.model.Rejected;

/**
 * A session archive that cannot be imported: with a typed {@link Rejected} the adapter words it (the message is then
 * English for logs); the manifest's detailed checks still say it in their message.
 */
public final class ArchiveRejection extends EngineRejection {
    private final boolean tooLarge;

    private ArchiveRejection(String message, boolean tooLarge, Rejected rejected) {
        super(Reason.INVALID, message, rejected);
        this.tooLarge = tooLarge;
    }

    public static ArchiveRejection invalid(String message) {
        return new ArchiveRejection(message, false, null);
    }

    public static ArchiveRejection invalid(String message, Rejected rejected) {
        return new ArchiveRejection(message, false, rejected);
    }

    static ArchiveRejection tooLarge(String message, Rejected rejected) {
        return new ArchiveRejection(message, true, rejected);
    }

    /** Over one of the {@link ImportLimits}. */
    static ArchiveRejection tooLarge(String message) {
        return new ArchiveRejection(message, true, null);
    }

    public boolean tooLarge() {
        return tooLarge;
    }
}

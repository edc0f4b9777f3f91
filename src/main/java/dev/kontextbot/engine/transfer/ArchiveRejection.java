package dev.kontextbot.engine.transfer;

import dev.kontextbot.engine.model.ArchiveProblem;
import dev.kontextbot.engine.model.EngineRejection;
import dev.kontextbot.engine.model.Rejected;

/**
 * A session archive that cannot be imported: with a typed {@link Rejected} the adapter words it (the message is then
 * English for logs); a problem of the manifest's content ({@link ArchiveProblem}) is only data, its message the record.
 */
public final class ArchiveRejection extends EngineRejection {
    private final boolean tooLarge;

    private ArchiveRejection(String message, boolean tooLarge, Rejected rejected) {
        super(Reason.INVALID, message, rejected);
        this.tooLarge = tooLarge;
    }

    public static ArchiveRejection invalid(String message, Rejected rejected) {
        return new ArchiveRejection(message, false, rejected);
    }

    /** What the manifest says that cannot be imported; the adapter words it, the message (for logs) is the record. */
    static ArchiveRejection manifest(ArchiveProblem problem) {
        return new ArchiveRejection("manifest.json: " + problem, false, new Rejected.ArchiveManifestProblem(problem));
    }

    /** Over one of the {@link ImportLimits}. */
    static ArchiveRejection tooLarge(String message, Rejected rejected) {
        return new ArchiveRejection(message, true, rejected);
    }

    public boolean tooLarge() {
        return tooLarge;
    }
}

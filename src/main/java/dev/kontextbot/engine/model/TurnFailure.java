package dev.kontextbot.engine.model;

import java.util.Objects;

/**
 * Why a turn ended without images, as data: what the turn keeps so that every later reader (a card redrawn, the
 * playground, the history) says it in its own reader's language ({@code words/turns}). The turn's {@code
 * error_message} keeps the English as well, for logs, exports and readers older than this. Free-text fields ({@code
 * note}, {@code reason}, {@code status}) are what a service or the network said, verbatim.
 *
 * <p>Stored as JSON by the store, one record kind by its simple name: a new kind here (or in {@link ProviderFailure},
 * {@link ProviderRefusal}) needs no codec change. No {@code Optional} fields, so a plain mapper reads them.
 */
public sealed interface TurnFailure {

    /**
     * Words already in English: a row written before failures were typed, or a text a service gave in English (a
     * fan-out's shortfall). Shown as it is.
     */
    record Legacy(String english) implements TurnFailure {
        public Legacy {
            Objects.requireNonNull(english, "english");
        }
    }

    /** The provider would not take the turn as it was about to be sent. */
    record Refused(ProviderRefusal refusal) implements TurnFailure {
        public Refused {
            Objects.requireNonNull(refusal, "refusal");
        }
    }

    /** The provider ended the turn after it was sent. */
    record Failed(ProviderFailure failure) implements TurnFailure {
        public Failed {
            Objects.requireNonNull(failure, "failure");
        }
    }

    /** The provider failed several times in a row (its circuit is open): no turn goes there for {@code minutes}. */
    record CircuitOpen(long minutes) implements TurnFailure {
    }

    /** The provider kept saying "not now" until the retries ran out ({@code reason}: its words); nothing was charged. */
    record NotAnswering(ProviderFailure reason) implements TurnFailure {
    }

    /**
     * The turn ran past its deadline of {@code minutes}; {@code note}: what the provider could not undo when its job was
     * stopped (its own words), or "".
     */
    record TimedOut(long minutes, String note) implements TurnFailure {
        public TimedOut {
            note = note == null ? "" : note;
        }
    }

    /** Someone cancelled it; {@code note}: what the provider could not undo (its own words), or "". */
    record Cancelled(String by, String note) implements TurnFailure {
        public Cancelled {
            note = note == null ? "" : note;
        }
    }

    /** It was imported from an archive exported before it finished: nothing runs it here, so it ended as stopped. */
    record ExportedUnfinished() implements TurnFailure {
    }

    /** A refine whose session's first turn made no image: nothing to edit. */
    record NothingToEdit() implements TurnFailure {
    }

    /** Image {@code number} of the turn (1: the image to edit) could not be read back from the image store. */
    record InputUnreadable(int number) implements TurnFailure {
    }

    /** It was started on {@code provider}, which this bot no longer runs. */
    record ProviderGone(String provider) implements TurnFailure {
    }

    /**
     * The bot stopped while sending it (this process restarted, or {@code elsewhere}: another instance stopped), so it
     * was not sent again: that could have charged twice.
     */
    record Interrupted(boolean elsewhere) implements TurnFailure {
    }

    /** {@code provider} kept answering a status this bot does not know ({@code status}, already shortened). */
    record UnknownStatus(String provider, String status) implements TurnFailure {
    }

    /** The service finished without returning an image. */
    record NoImage() implements TurnFailure {
    }

    /** The service returned something that is not a usable image. */
    record UnusableImage() implements TurnFailure {
    }

    /**
     * Not a failure: a done turn has {@code arrived} of the {@code asked} variants (its shortfall); {@code why} the rest
     * is missing: {@link Cancelled} (someone cancelled once some had arrived), another reason the rest was not made, or
     * null when the service said nothing and gave fewer usable images. A provider's own account of a shortfall is
     * {@link Failed} with its {@link ProviderFailure.FellShort} or {@link ProviderFailure.PartlyDone}.
     */
    record Partial(int arrived, int asked, TurnFailure why) implements TurnFailure {
        /** How many variants are missing: at least one, even when more arrived than were asked for (a reroll's count changed). */
        public int missing() {
            return Math.max(1, asked - arrived);
        }
    }

    /** Something went wrong on the bot's own side (a bug, an answer no branch handles). */
    record Internal() implements TurnFailure {
    }
}

package dev.kontextbot.engine.model;

import java.util.List;

/**
 * Why the engine will not take a value a person gave, as data (which parameter, what was given, what it takes), for
 * the adapter to put in the person's words; the exception that carries it has an English message for logs only.
 */
public sealed interface Rejected {
    /** {@code parameter}'s value {@code given} lies outside {@code minimum}..{@code maximum} (as the person reads them). */
    record OutOfRange(String parameter, String given, String minimum, String maximum) implements Rejected {
    }

    /** {@code parameter} takes one of {@code choices}; {@code given} is null when nothing usable was given. */
    record NotOneOf(String parameter, String given, List<String> choices) implements Rejected {
        public NotOneOf {
            choices = List.copyOf(choices);
        }
    }

    /** Not the shape of a model id (lower-case letters, digits, '-', '.', '_', up to {@code maxLength}). */
    record BadModelId(String given, int maxLength) implements Rejected {
    }

    /** {@code name} (null: "the value" of a flag) must be a whole number. */
    record NotWholeNumber(String name, String given) implements Rejected {
    }

    /** {@code name} (null: "the value" of a flag) must be a decimal number such as 3.5. */
    record NotDecimal(String name, String given) implements Rejected {
    }

    /** An instruction flag's value the person wrote ({@code flag}, as typed) and what is wrong with it. */
    record AtFlag(String flag, Rejected problem) implements Rejected {
    }

    /** A flag written without the value it takes. */
    record FlagNeedsValue(String flag, String example) implements Rejected {
    }

    /** A flag given twice in one instruction. */
    record FlagTwice(String flag) implements Rejected {
    }

    /** A flag the bot does not know; {@code flags} lists those it does. */
    record UnknownFlag(String flag, String flags) implements Rejected {
    }

    /** An upload with no bytes. */
    record ImageEmpty() implements Rejected {
    }

    /** An upload of {@code bytes} over the limit of {@code limitBytes}. */
    record ImageTooLarge(long bytes, long limitBytes) implements Rejected {
    }

    /** An image of {@code format} (its label, "PNG") with bytes after its end. */
    record ImageTrailingData(String format) implements Rejected {
    }

    /** An upload no image format the bot takes starts like. */
    record NotAnImage() implements Rejected {
    }

    /** An image of {@code format} whose header cannot be read. */
    record ImageDamaged(String format) implements Rejected {
    }

    /** An image whose largest frame is over the pixel limit. */
    record ImageTooManyPixels(int width, int height, long limitMegapixels) implements Rejected {
    }

    /** An image of {@code format} the bot can pass on but not open (no decoder here). */
    record ImageCannotOpen(String format) implements Rejected {
    }

    /** The {@code number}th image of a turn (the first reference is image 2) and what is wrong with it. */
    record NthImage(int number, Rejected problem) implements Rejected {
    }

    /** An instruction with no words. */
    record NoInstruction() implements Rejected {
    }

    /** An instruction of {@code length} characters, at or over {@code maximum}. */
    record InstructionTooLong(int length, int maximum) implements Rejected {
    }

    /** A session started where one already is: {@code here} when the person is in that thread (they can reply in it). */
    record ThreadHasSession(boolean here) implements Rejected {
    }

    /** A turn run again before it started. */
    record TurnNotStarted() implements Rejected {
    }

    /** A vote or someone else's pick where only the session's starter picks its head. */
    record OnlyStarterPicks() implements Rejected {
    }

    /** Undo at the session's first image. */
    record NothingToUndo() implements Rejected {
    }

    /** Redo with nothing undone since the head last changed. */
    record NothingToRedo() implements Rejected {
    }

    /** A turn cancelled that has already ended, in {@code status}. */
    record TurnEnded(TurnStatus status) implements Rejected {
    }

    /** A variant asked of a turn that made none (it is {@code status}). */
    record TurnHasNoImages(TurnStatus status) implements Rejected {
    }

    /** No session {@code session}. */
    record NoSession(long session) implements Rejected {
    }

    /** Session {@code session} has no turn {@code turn}. */
    record NoTurn(long session, long turn) implements Rejected {
    }

    /** A turn has no variant {@code number} (counting from 1). */
    record NoVariant(int number) implements Rejected {
    }

    /** The image service rests after failing (its circuit is open); try again in {@code minutes}. */
    record ServiceResting(long minutes) implements Rejected {
    }

    /** {@code given} is not an amount of dollars. */
    record NotDollars(String given) implements Rejected {
    }

    /** A budget outside 0..{@code maxMicros}; {@code given} in dollars as written, or null. */
    record BudgetOutOfRange(long maxMicros, String given) implements Rejected {
    }

    /** A policy allowing {@code count} models, more than it can list. */
    record TooManyModels(int count) implements Rejected {
    }

    /** A policy's highest safety_tolerance outside {@code minimum} (strictest)..{@code maximum}. */
    record PolicySafetyOutOfRange(int given, int minimum, int maximum) implements Rejected {
    }

    /** Votes to pick outside 0 (only the owner picks)..{@code maximum}. */
    record VotesOutOfRange(int given, int maximum) implements Rejected {
    }

    /** More than {@code maximum} ids of {@code what} ("channel", "role") listed in a policy. */
    record TooManyIds(String what, int maximum) implements Rejected {
    }

    /** {@code id} is no id of {@code what} ("channel", "role"). */
    record NotAnId(String what, String id) implements Rejected {
    }

    /** An import that is not a zip archive. */
    record ArchiveNotZip() implements Rejected {
    }

    /** An import over {@code maxBytes}. */
    record ArchiveTooLarge(long maxBytes) implements Rejected {
    }

    /** Session {@code session} would make a zip of {@code bytes}, over what one zip can hold (4 GiB without zip64). */
    record ArchiveExportTooLarge(long session, long bytes) implements Rejected {
    }

    /** A zip with no manifest.json: not an exported session. */
    record ArchiveNoManifest() implements Rejected {
    }

    /** A manifest.json whose format is not {@code format}. */
    record ArchiveNotAManifest(String format) implements Rejected {
    }

    /** A manifest of version {@code given} (as written; "(none)" when absent); this bot reads 1..{@code newest}. */
    record ArchiveVersion(String given, int newest) implements Rejected {
    }

    /** What is wrong with an archive's manifest.json, past its format and version. */
    record ArchiveManifestProblem(ArchiveProblem problem) implements Rejected {
    }

    /** An image {@code file} of an archive, and what is wrong with it. */
    record ArchiveImage(String file, Rejected problem) implements Rejected {
    }

    /** An image {@code file} whose sha-256 differs from the one the manifest lists. */
    record ArchiveImageChanged(String file) implements Rejected {
    }

    /** An archive of {@code entries} entries, over {@code maximum}. */
    record ArchiveTooManyEntries(int entries, int maximum) implements Rejected {
    }

    /** An archive entry {@code name} (printable) that points outside the archive. */
    record ArchiveEntryEscapes(String name) implements Rejected {
    }

    /** An archive entry {@code name} (printable) that a session archive does not hold. */
    record ArchiveUnexpectedEntry(String name) implements Rejected {
    }

    /** Two archive entries named {@code name}. */
    record ArchiveDuplicateEntry(String name) implements Rejected {
    }

    /** An entry declared to unpack to {@code bytes}, over its {@code limitBytes}. */
    record ArchiveEntryTooLarge(String name, long bytes, long limitBytes) implements Rejected {
    }

    /** An archive declared to unpack to {@code bytes}, over {@code limitBytes}. */
    record ArchiveUnpacksTooLarge(long bytes, long limitBytes) implements Rejected {
    }

    /** An entry {@code name} the manifest needs and the archive lacks. */
    record ArchiveMissingEntry(String name) implements Rejected {
    }

    /** An entry {@code name} found, when read, over its {@code limitBytes}. */
    record ArchiveEntryOverLimit(String name, long limitBytes) implements Rejected {
    }

    /** An archive found, when read, to unpack to more than {@code limitBytes}. */
    record ArchiveUnpacksOverLimit(long limitBytes) implements Rejected {
    }

    /** An entry {@code name} that cannot be read; {@code detail} is the zip reader's (English) reason. */
    record ArchiveDamaged(String name, String detail) implements Rejected {
    }

    /** The aspect ratio of a flag is none the bot offers: {@code ratios} as width:height, {@code names} as named. */
    record NoSuchRatio(String ratios, String names) implements Rejected {
    }
}

package dev.kontextbot.adapter.chat;

import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.catalogue.Money;
import dev.kontextbot.engine.model.Rejected;

import java.util.List;

/**
 * Puts why the engine would not take a value ({@link Rejected}: a parameter out of range, a flag it does not know …)
 * in a person's words, from the {@code rejected.*} keys of {@code words/refusals}. Parameter names, flags and values
 * stay as people type them.
 */
public final class RejectionWords {
    private static final double MEGABYTE = 1_048_576.0;
    private final ArchiveProblemWords manifest = new ArchiveProblemWords(this::say);

    /** The rejection in these words; a kind with no words fails loudly (the German test names every kind). */
    public String say(Rejected rejected, Words words) {
        if (rejected instanceof Rejected.OutOfRange r) {
            return words.say(r.parameter().equals("safety_tolerance") ? "rejected.range.safety" : "rejected.range",
                    "parameter", r.parameter(), "given", r.given(), "minimum", r.minimum(), "maximum", r.maximum());
        }
        if (rejected instanceof Rejected.NotOneOf r) {
            return choice(r, words);
        }
        if (rejected instanceof Rejected.BadModelId r) {
            return words.say("rejected.modelId", "given", String.valueOf(r.given()), "max", r.maxLength());
        }
        if (rejected instanceof Rejected.NotWholeNumber r) {
            return r.name() == null ? words.say("rejected.whole.value", "given", r.given()) : words.say("rejected.whole", "name", r.name(), "given", r.given());
        }
        if (rejected instanceof Rejected.NotDecimal r) {
            return r.name() == null ? words.say("rejected.decimal.value", "given", r.given()) : words.say("rejected.decimal", "name", r.name(), "given", r.given());
        }
        if (rejected instanceof Rejected.AtFlag r) {
            return words.say("rejected.atFlag", "flag", r.flag(), "problem", say(r.problem(), words));
        }
        if (rejected instanceof Rejected.FlagNeedsValue r) {
            return words.say("rejected.flag.needsValue", "flag", r.flag(), "example", r.example());
        }
        if (rejected instanceof Rejected.FlagTwice r) {
            return words.say("rejected.flag.twice", "flag", r.flag());
        }
        if (rejected instanceof Rejected.UnknownFlag r) {
            return words.say("rejected.flag.unknown", "flag", r.flag(), "flags", r.flags());
        }
        if (rejected instanceof Rejected.ImageEmpty) {
            return words.say("rejected.image.empty");
        }
        if (rejected instanceof Rejected.ImageTooLarge r) {
            return words.say("rejected.image.tooLarge", "megabytes", r.bytes() / MEGABYTE, "limit", r.limitBytes() / MEGABYTE);
        }
        if (rejected instanceof Rejected.ImageTrailingData r) {
            return words.say("rejected.image.trailingData", "format", r.format());
        }
        if (rejected instanceof Rejected.NotAnImage) {
            return words.say("rejected.image.notAnImage");
        }
        if (rejected instanceof Rejected.ImageDamaged r) {
            return words.say("rejected.image.damaged", "format", r.format());
        }
        if (rejected instanceof Rejected.ImageTooManyPixels r) {
            return words.say("rejected.image.pixels", "width", String.valueOf(r.width()), "height", String.valueOf(r.height()), "limit", r.limitMegapixels());
        }
        if (rejected instanceof Rejected.ImageCannotOpen r) {
            return words.say("rejected.image.cannotOpen", "format", r.format());
        }
        if (rejected instanceof Rejected.NthImage r) {
            return words.say("rejected.image.nth", "number", r.number(), "problem", say(r.problem(), words));
        }
        if (rejected instanceof Rejected.NoInstruction) {
            return words.say("rejected.instruction.none");
        }
        if (rejected instanceof Rejected.InstructionTooLong r) {
            return words.say("rejected.instruction.tooLong", "length", String.valueOf(r.length()), "max", String.valueOf(r.maximum()));
        }
        if (rejected instanceof Rejected.ThreadHasSession r) {
            return words.say(r.here() ? "rejected.thread.hasSession.here" : "rejected.thread.hasSession");
        }
        if (rejected instanceof Rejected.TurnNotStarted) {
            return words.say("rejected.turn.notStarted");
        }
        if (rejected instanceof Rejected.OnlyStarterPicks) {
            return words.say("rejected.pick.starterOnly");
        }
        if (rejected instanceof Rejected.NothingToUndo) {
            return words.say("rejected.undo.nothing");
        }
        if (rejected instanceof Rejected.NothingToRedo) {
            return words.say("rejected.redo.nothing");
        }
        if (rejected instanceof Rejected.TurnEnded r) {
            return words.say("rejected.turn.ended", "status", status(r.status(), words));
        }
        if (rejected instanceof Rejected.TurnHasNoImages r) {
            return words.say("rejected.turn.noImages", "status", status(r.status(), words));
        }
        if (rejected instanceof Rejected.NoSession r) {
            return words.say("rejected.notFound.session", "session", String.valueOf(r.session()));
        }
        if (rejected instanceof Rejected.NoTurn r) {
            return words.say("rejected.notFound.turn", "session", String.valueOf(r.session()), "turn", String.valueOf(r.turn()));
        }
        if (rejected instanceof Rejected.NoVariant r) {
            return words.say("rejected.notFound.variant", "number", r.number());
        }
        if (rejected instanceof Rejected.ServiceResting r) {
            return words.say("rejected.service.resting", "minutes", String.valueOf(r.minutes()));
        }
        if (rejected instanceof Rejected.NotDollars r) {
            return words.say("rejected.money.notDollars", "given", r.given());
        }
        if (rejected instanceof Rejected.BudgetOutOfRange r) {
            return r.given() == null ? words.say("rejected.money.budget", "max", Money.format(r.maxMicros()))
                    : words.say("rejected.money.budget.given", "max", Money.format(r.maxMicros()), "given", r.given());
        }
        if (rejected instanceof Rejected.TooManyModels r) {
            return words.say("rejected.policy.tooManyModels", "count", String.valueOf(r.count()));
        }
        if (rejected instanceof Rejected.PolicySafetyOutOfRange r) {
            return words.say("rejected.policy.safety", "given", String.valueOf(r.given()), "minimum", r.minimum(), "maximum", r.maximum());
        }
        if (rejected instanceof Rejected.VotesOutOfRange r) {
            return words.say("rejected.policy.votes", "given", String.valueOf(r.given()), "maximum", String.valueOf(r.maximum()));
        }
        if (rejected instanceof Rejected.TooManyIds r) {
            return words.say("rejected.policy.tooManyIds." + r.what(), "max", String.valueOf(r.maximum()));
        }
        if (rejected instanceof Rejected.NotAnId r) {
            return words.say("rejected.policy.notAnId." + r.what(), "id", String.valueOf(r.id()));
        }
        if (rejected instanceof Rejected.ArchiveNotZip) {
            return words.say("rejected.archive.notZip");
        }
        if (rejected instanceof Rejected.ArchiveTooLarge r) {
            return words.say("rejected.archive.tooLarge", "megabytes", r.maxBytes() / MEGABYTE);
        }
        if (rejected instanceof Rejected.ArchiveExportTooLarge r) {
            // Whole megabytes: at 4 GiB and over, a tenth says nothing.
            return words.say("rejected.archive.exportTooLarge", "session", String.valueOf(r.session()), "megabytes", String.valueOf(r.bytes() / 1_048_576));
        }
        if (rejected instanceof Rejected.ArchiveNoManifest) {
            return words.say("rejected.archive.noManifest");
        }
        if (rejected instanceof Rejected.ArchiveNotAManifest r) {
            return words.say("rejected.archive.notAManifest", "format", r.format());
        }
        if (rejected instanceof Rejected.ArchiveVersion r) {
            return words.say("rejected.archive.version", "given", r.given(), "newest", r.newest());
        }
        if (rejected instanceof Rejected.ArchiveManifestProblem r) {
            return manifest.say(r.problem(), words);
        }
        if (rejected instanceof Rejected.ArchiveImage r) {
            return words.say("rejected.archive.image", "file", r.file(), "problem", say(r.problem(), words));
        }
        if (rejected instanceof Rejected.ArchiveImageChanged r) {
            return words.say("rejected.archive.imageChanged", "file", r.file());
        }
        if (rejected instanceof Rejected.ArchiveTooManyEntries r) {
            return words.say("rejected.archive.tooManyEntries", "entries", String.valueOf(r.entries()), "max", String.valueOf(r.maximum()));
        }
        if (rejected instanceof Rejected.ArchiveEntryEscapes r) {
            return words.say("rejected.archive.escapes", "name", r.name());
        }
        if (rejected instanceof Rejected.ArchiveUnexpectedEntry r) {
            return words.say("rejected.archive.unexpected", "name", r.name());
        }
        if (rejected instanceof Rejected.ArchiveDuplicateEntry r) {
            return words.say("rejected.archive.duplicate", "name", r.name());
        }
        if (rejected instanceof Rejected.ArchiveEntryTooLarge r) {
            return words.say("rejected.archive.entryTooLarge", "name", r.name(), "megabytes", r.bytes() / MEGABYTE, "limit", r.limitBytes() / MEGABYTE);
        }
        if (rejected instanceof Rejected.ArchiveUnpacksTooLarge r) {
            return words.say("rejected.archive.unpacksTooLarge", "megabytes", r.bytes() / MEGABYTE, "limit", r.limitBytes() / MEGABYTE);
        }
        if (rejected instanceof Rejected.ArchiveMissingEntry r) {
            return words.say("rejected.archive.missing", "name", r.name());
        }
        if (rejected instanceof Rejected.ArchiveEntryOverLimit r) {
            return words.say("rejected.archive.entryOverLimit", "name", r.name(), "limit", r.limitBytes() / MEGABYTE);
        }
        if (rejected instanceof Rejected.ArchiveUnpacksOverLimit r) {
            return words.say("rejected.archive.unpacksOverLimit", "limit", r.limitBytes() / MEGABYTE);
        }
        if (rejected instanceof Rejected.ArchiveDamaged r) {
            return words.say("rejected.archive.damaged", "name", r.name(), "detail", r.detail());
        }
        if (rejected instanceof Rejected.NoSuchRatio r) {
            return words.say("rejected.ratio", "ratios", r.ratios(), "names", r.names());
        }
        throw new IllegalStateException("no words for the rejection " + rejected);
    }

    /** A turn's status as the pictures name it ("done", "fertig"). */
    private static String status(dev.kontextbot.engine.model.TurnStatus status, Words words) {
        return words.say("picture.turn.status." + status.wireName());
    }

    /** "jpeg, png or webp": the choices as a list the language closes with its own "or". */
    private static String choice(Rejected.NotOneOf r, Words words) {
        String key = "rejected.choice." + r.parameter() + (r.given() == null ? ".none" : "");
        if (!words.has(key)) {
            throw new IllegalStateException("no words for the rejection " + r);
        }
        List<String> choices = r.choices();
        String all = String.join(", ", choices);
        String leading = String.join(", ", choices.subList(0, choices.size() - 1));
        return words.say(key, "parameter", r.parameter(), "given", String.valueOf(r.given()), "all", all,
                "leading", leading, "last", choices.get(choices.size() - 1));
    }
}

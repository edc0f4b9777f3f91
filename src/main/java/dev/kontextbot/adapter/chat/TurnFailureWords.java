package dev.kontextbot.adapter.chat;

import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnFailure;

/**
 * Puts why a turn ended without images ({@link TurnFailure}) in a reader's words: the turn's own reasons from {@code
 * words/turns}, a provider's refusal or failure through their worders. Every reader of a stored turn (a card redrawn,
 * the playground, the history) says it through here, so a German reader reads German whenever the turn is shown.
 */
public final class TurnFailureWords {
    private final ProviderRefusalWords refusals = new ProviderRefusalWords();
    private final ProviderFailureWords failures = new ProviderFailureWords();

    /** Why {@code turn} ended, in these words; its status's name when it kept no reason at all. */
    public String why(Turn turn, Words words) {
        return turn.why().map(failure -> say(failure, words)).orElse(turn.status().wireName());
    }

    /** Why {@code turn} ended without images, in these words; else its stored text as it is (a done turn's shortfall), or null. */
    public String orStored(Turn turn, Words words) {
        return turn.why().or(turn::lacking).map(failure -> say(failure, words)).orElse(turn.errorMessage());
    }

    /** What done {@code turn} lacks, in these words; empty when nothing is missing. */
    public java.util.Optional<String> shortfall(Turn turn, Words words) {
        return turn.lacking().map(lacking -> say(lacking, words));
    }

    /** The failure in these words; a kind with no words fails loudly (the German test names every kind). */
    public String say(TurnFailure failure, Words words) {
        if (failure instanceof TurnFailure.Legacy f) {
            return f.english();
        }
        if (failure instanceof TurnFailure.Refused f) {
            return refusals.say(f.refusal(), words);
        }
        if (failure instanceof TurnFailure.Failed f) {
            return failures.say(f.failure(), words);
        }
        if (failure instanceof TurnFailure.CircuitOpen f) {
            return words.say("turn.failure.circuitOpen", "minutes", f.minutes());
        }
        if (failure instanceof TurnFailure.NotAnswering f) {
            return words.say("turn.failure.notAnswering", "reason", failures.say(f.reason(), words));
        }
        if (failure instanceof TurnFailure.TimedOut f) {
            return f.note().isEmpty() ? words.say("turn.failure.timedOut", "minutes", f.minutes())
                    : words.say("turn.failure.timedOutNoting", "minutes", f.minutes(), "note", f.note());
        }
        if (failure instanceof TurnFailure.Cancelled f) {
            return f.note().isEmpty() ? words.say("turn.failure.cancelled", "by", f.by())
                    : words.say("turn.failure.cancelledNoting", "by", f.by(), "note", f.note());
        }
        if (failure instanceof TurnFailure.ExportedUnfinished) {
            return words.say("turn.failure.exportedUnfinished");
        }
        if (failure instanceof TurnFailure.NothingToEdit) {
            return words.say("turn.failure.nothingToEdit");
        }
        if (failure instanceof TurnFailure.InputUnreadable f) {
            return f.number() == 1 ? words.say("turn.failure.imageToEditUnreadable")
                    : words.say("turn.failure.attachedUnreadable", "number", f.number());
        }
        if (failure instanceof TurnFailure.ProviderGone f) {
            return words.say("turn.failure.providerGone", "provider", f.provider());
        }
        if (failure instanceof TurnFailure.Interrupted f) {
            return words.say(f.elsewhere() ? "turn.failure.interruptedElsewhere" : "turn.failure.interrupted");
        }
        if (failure instanceof TurnFailure.UnknownStatus f) {
            return words.say("turn.failure.unknownStatus", "provider", f.provider(), "status", f.status());
        }
        if (failure instanceof TurnFailure.NoImage) {
            return words.say("turn.failure.noImage");
        }
        if (failure instanceof TurnFailure.UnusableImage) {
            return words.say("turn.failure.unusableImage");
        }
        if (failure instanceof TurnFailure.Partial f) {
            return partial(f, words);
        }
        if (failure instanceof TurnFailure.Internal) {
            return words.say("turn.failure.internal");
        }
        throw new IllegalStateException("no words for the turn failure " + failure);
    }

    /** "2 of 4 variants; 2 were cancelled by ana.", in the sentence shape of a provider's shortfall. */
    private String partial(TurnFailure.Partial f, Words words) {
        String rest;
        String after = "";
        if (f.why() == null) {
            rest = words.say("turn.partial.undelivered", "count", f.missing());
        } else if (f.why() instanceof TurnFailure.Cancelled cancelled) {
            rest = words.say("turn.partial.cancelled", "count", f.missing(), "by", cancelled.by());
            after = cancelled.note().isEmpty() ? "" : " " + cancelled.note();
        } else {
            rest = words.say("turn.partial.notMade", "count", f.missing(), "why", ProviderFailureWords.clause(say(f.why(), words)));
        }
        return words.say("failure.fellShort", "arrived", f.arrived(), "asked", f.asked()) + "; " + rest + "." + after;
    }
}

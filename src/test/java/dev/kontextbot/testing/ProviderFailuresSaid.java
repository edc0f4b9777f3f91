package dev.kontextbot.testing;

import dev.kontextbot.adapter.chat.ProviderFailureWords;
import dev.kontextbot.adapter.words.Languages;
import dev.kontextbot.adapter.words.TestWords;
import dev.kontextbot.engine.model.ProviderFailure;
import dev.kontextbot.engine.port.FailureKind;
import dev.kontextbot.engine.port.PollOutcome;
import dev.kontextbot.engine.port.SubmitOutcome;

import java.util.Locale;
import java.util.Optional;

/**
 * What a person reads for a provider's typed failure: provider tests check their failures in the English the
 * adapters say (and the turn's column keeps), as people see them.
 */
public final class ProviderFailuresSaid {
    private static final ProviderFailureWords WORDS = new ProviderFailureWords();

    /** A failure as the engine decides on it ({@code kind}) and as a person reads it in English. */
    public record Said(FailureKind kind, String text) {
    }

    private ProviderFailuresSaid() {
    }

    /** The failed poll's kind and English words; anything but a failure fails the test with what it was. */
    public static Said said(PollOutcome outcome) {
        if (outcome instanceof PollOutcome.Failed failed) {
            return new Said(failed.kind(), english(failed));
        }
        throw new AssertionError("expected a failed poll, got " + outcome);
    }

    /** The refused submit's kind and English words; anything but a refusal fails the test with what it was. */
    public static Said said(SubmitOutcome outcome) {
        if (outcome instanceof SubmitOutcome.Rejected rejected) {
            return new Said(rejected.kind(), english(rejected));
        }
        throw new AssertionError("expected a rejected submit, got " + outcome);
    }

    public static String english(PollOutcome.Failed failed) {
        return english(failed.failure());
    }

    public static String english(SubmitOutcome.Rejected rejected) {
        return english(rejected.failure());
    }

    /** The outcome with a retry's reason in the English the engine logs and gives up with; any other as it is. */
    public static SubmitOutcome worded(SubmitOutcome outcome) {
        return outcome instanceof SubmitOutcome.RetryLater later ? new SubmitOutcome.RetryLater(later.after(), english(later.reason())) : outcome;
    }

    /** The outcome with a retry's reason in the English the engine logs and gives up with; any other as it is. */
    public static PollOutcome worded(PollOutcome outcome) {
        return outcome instanceof PollOutcome.RetryLater later ? new PollOutcome.RetryLater(later.after(), english(later.reason())) : outcome;
    }

    /** A completed job's shortfall in the English the turn keeps. */
    public static Optional<String> shortfall(PollOutcome.Completed completed) {
        return completed.shortfall().map(ProviderFailuresSaid::english);
    }

    /** A finished job's shortfall in the English the turn keeps. */
    public static Optional<String> shortfall(SubmitOutcome.Finished finished) {
        return finished.shortfall().map(ProviderFailuresSaid::english);
    }

    public static String english(ProviderFailure failure) {
        return said(failure, Languages.FALLBACK);
    }

    public static String said(ProviderFailure failure, Locale locale) {
        return WORDS.say(failure, TestWords.LANGUAGES.in(locale));
    }
}

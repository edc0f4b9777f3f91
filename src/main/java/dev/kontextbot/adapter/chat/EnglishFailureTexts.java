package dev.kontextbot.adapter.chat;

import dev.kontextbot.adapter.words.Languages;
import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.model.ProviderFailure;
import dev.kontextbot.engine.model.ProviderRefusal;
import dev.kontextbot.engine.model.TurnFailure;
import dev.kontextbot.engine.port.FailureTexts;

/**
 * The English the engine stores next to a typed reason (a turn's error column, a fan-out's shortfall): the words every
 * surface says, in the fallback language, so a stored text reads as a live one did in English.
 */
public final class EnglishFailureTexts implements FailureTexts {
    private final ProviderRefusalWords refusals = new ProviderRefusalWords();
    private final ProviderFailureWords failures = new ProviderFailureWords();
    private final TurnFailureWords turns = new TurnFailureWords();
    private final Words english;

    public EnglishFailureTexts(Languages languages) {
        this.english = languages.in(Languages.FALLBACK);
    }

    @Override
    public String of(ProviderRefusal refusal) {
        return refusals.say(refusal, english);
    }

    @Override
    public String of(ProviderFailure failure) {
        return failures.say(failure, english);
    }

    @Override
    public String of(TurnFailure failure) {
        return turns.say(failure, english);
    }
}

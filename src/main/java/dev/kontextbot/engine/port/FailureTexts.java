package dev.kontextbot.engine.port;

import dev.kontextbot.engine.model.ProviderRefusal;

/**
 * The text a turn's failure column keeps when the engine ends a turn for a typed reason (a provider refusal found
 * when the turn was about to be sent). The engine writes no words: the app hands it the adapters' English rendering,
 * so every reader of the column (chat cards, the playground, the timeline picture, rows written before this) shows
 * one kind of text. A refusal found when a turn is asked for never gets here: it travels typed to the adapter, which
 * says it in the person's language.
 */
@FunctionalInterface
public interface FailureTexts {
    /** For engines built without words (tests that never look at the text): the record as Java prints it. */
    FailureTexts AS_DATA = Object::toString;

    String of(ProviderRefusal refusal);
}

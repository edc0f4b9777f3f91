package dev.kontextbot.engine.port;

import dev.kontextbot.engine.model.ProviderFailure;
import dev.kontextbot.engine.model.ProviderRefusal;

/**
 * The text a turn's failure column keeps when the engine ends a turn for a typed reason: a provider refusal found
 * when the turn was about to be sent, or a provider's failure once it was. The engine writes no words: the app hands
 * it the adapters' English rendering, so every reader of the column (chat cards redrawn later, the timeline picture,
 * rows written before this) shows one kind of text. A refusal found when a turn is asked for never gets here: it
 * travels typed to the adapter, which says it in the person's language; so does a live failure ({@code
 * TurnListener#onFailed(Turn, ProviderFailure)}).
 */
public interface FailureTexts {
    /**
     * For engines built without words (tests that never look at the text): the record as Java prints it; a failure
     * already in words as those words.
     */
    FailureTexts AS_DATA = new FailureTexts() {
        @Override
        public String of(ProviderRefusal refusal) {
            return refusal.toString();
        }

        @Override
        public String of(ProviderFailure failure) {
            return failure instanceof ProviderFailure.Worded worded ? worded.text() : failure.toString();
        }
    };

    String of(ProviderRefusal refusal);

    String of(ProviderFailure failure);
}

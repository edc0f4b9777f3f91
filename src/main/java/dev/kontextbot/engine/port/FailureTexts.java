package dev.kontextbot.engine.port;

import dev.kontextbot.engine.model.ProviderFailure;
import dev.kontextbot.engine.model.ProviderRefusal;
import dev.kontextbot.engine.model.TurnFailure;

/**
 * The English a turn's {@code error_message} keeps next to its typed reason ({@link TurnFailure}, which every reader
 * words in its own language): for logs, exports and readers older than typed reasons. The engine writes no words:
 * the app hands it the adapters' English rendering. A done turn's shortfall is a {@link TurnFailure} as well ({@link
 * TurnFailure.Partial}, or a provider's own account as {@link TurnFailure.Failed}), stored typed beside this English.
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

        @Override
        public String of(TurnFailure failure) {
            if (failure instanceof TurnFailure.Legacy legacy) {
                return legacy.english();
            }
            if (failure instanceof TurnFailure.Refused refused) {
                return of(refused.refusal());
            }
            return failure instanceof TurnFailure.Failed failed ? of(failed.failure()) : failure.toString();
        }
    };

    String of(ProviderRefusal refusal);

    String of(ProviderFailure failure);

    /** The English stored in the turn's error column. */
    String of(TurnFailure failure);
}

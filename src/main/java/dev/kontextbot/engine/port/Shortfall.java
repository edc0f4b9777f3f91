package dev.kontextbot.engine.port;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Words for a turn that has fewer variants than it asked for ({@link PollOutcome.Completed#shortfall()}): "3 of 4
 * variants; 1 was refused by the provider: BFL answered HTTP 429." One sentence shape for every provider and the engine.
 */
public final class Shortfall {
    private Shortfall() {
    }

    /**
     * {@code missing}: for each variant that did not arrive, what became of it as a participle phrase ("refused by the
     * provider: BFL answered HTTP 429"); the same phrase twice is counted once ("2 were …").
     */
    public static String describe(int arrived, int asked, List<String> missing) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        missing.forEach(reason -> counts.merge(reason.strip().replaceAll("[.\\s]+$", ""), 1, Integer::sum));
        StringBuilder text = new StringBuilder().append(arrived).append(" of ").append(asked).append(" variants");
        counts.forEach((reason, count) -> text.append("; ").append(count).append(count == 1 ? " was " : " were ").append(reason));
        return text.append('.').toString();
    }
}

package dev.kontextbot.adapter.picture;

import dev.kontextbot.engine.model.Turn;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** How pictures and chat name a turn's references: "with image 2, image 3", as its instruction numbers them. */
public final class ReferenceNames {
    private ReferenceNames() {
    }

    /** "with image 2, image 3"; empty for a turn without references. */
    public static String of(Turn turn) {
        return turn.references().isEmpty() ? "" : "with " + IntStream.rangeClosed(2, turn.references().size() + 1)
                .mapToObj(n -> "image " + n).collect(Collectors.joining(", "));
    }
}

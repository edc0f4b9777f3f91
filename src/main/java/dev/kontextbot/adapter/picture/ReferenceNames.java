package dev.kontextbot.adapter.picture;

import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.model.Turn;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** How pictures and chat name a turn's references: "with image 2, image 3", as its instruction numbers them. */
public final class ReferenceNames {
    private ReferenceNames() {
    }

    /** "with image 2, image 3" in the reader's words; empty for a turn without references. */
    public static String of(Words words, Turn turn) {
        return turn.references().isEmpty() ? "" : words.say("picture.references", "images", IntStream.rangeClosed(2, turn.references().size() + 1)
                .mapToObj(n -> words.say("picture.reference", "number", n)).collect(Collectors.joining(", ")));
    }
}

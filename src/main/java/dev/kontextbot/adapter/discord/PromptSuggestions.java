package dev.kontextbot.adapter.discord;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Autocomplete for the prompt: what the person typed, then example instructions that contain it. */
final class PromptSuggestions {
    static final List<String> EXAMPLES = List.of(
            "make it a watercolor painting",
            "same person, now on a beach at sunset",
            "change the jacket to red leather",
            "turn it into a pencil sketch",
            "remove the background people",
            "make it night time with city lights",
            "add snow falling",
            "replace the text on the sign with \"OPEN\"",
            "in the style of a 1970s film photo",
            "make it a claymation figure",
            "change the season to autumn",
            "give the cat a tiny wizard hat");
    private static final int MAX = 25;
    private static final int MAX_LENGTH = 100;

    List<String> of(String typed) {
        String text = typed == null ? "" : typed.strip();
        List<String> choices = new ArrayList<>();
        if (!text.isEmpty()) {
            choices.add(text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH) : text);
        }
        String needle = text.toLowerCase(Locale.ROOT);
        for (String example : EXAMPLES) {
            if (choices.size() < MAX && example.contains(needle) && !example.equals(text)) {
                choices.add(example);
            }
        }
        return choices;
    }
}

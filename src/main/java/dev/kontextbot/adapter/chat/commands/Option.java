package dev.kontextbot.adapter.chat.commands;

import java.util.List;
import java.util.Objects;

/**
 * One option of a command: its name as people type it, what kind of value it takes, and the limits every surface
 * enforces the same way. Its description is the bundle's {@code key + ".description"}; a static choice's label is
 * {@code key + ".choice." + value}.
 *
 * @param choices    fixed values, or empty
 * @param source     values only known at run time (the models this bot serves), or {@link Source#NONE}
 * @param min        the smallest number allowed, or null
 * @param max        the largest number allowed, or null
 * @param maxLength  the longest text allowed, or 0 for the platform's limit
 * @param key        the bundle key of its words: options of the same name share them unless one says otherwise
 */
public record Option(String name, Kind kind, boolean required, List<String> choices, Source source, Number min, Number max,
                     int maxLength, boolean autocomplete, String key) {

    /** What kind of value an option takes; each platform maps it to its own type. */
    public enum Kind { TEXT, WHOLE, NUMBER, YES_NO, IMAGE, CHANNEL, ROLE }

    /** Values only known at run time, filled in where the command tree is built. */
    public enum Source { NONE, MODELS, ALLOWED_MODELS, ASPECT_RATIOS, OUTPUT_FORMATS }

    public Option {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        choices = List.copyOf(choices);
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(key, "key");
    }

    public static Option of(String name, Kind kind) {
        return new Option(name, kind, false, List.of(), Source.NONE, null, null, 0, false, "option." + name);
    }

    public Option asRequired() {
        return new Option(name, kind, true, choices, source, min, max, maxLength, autocomplete, key);
    }

    public Option choices(String... values) {
        return new Option(name, kind, required, List.of(values), source, min, max, maxLength, autocomplete, key);
    }

    public Option from(Source values) {
        return new Option(name, kind, required, choices, values, min, max, maxLength, autocomplete, key);
    }

    public Option range(Number smallest, Number largest) {
        return new Option(name, kind, required, choices, source, smallest, largest, maxLength, autocomplete, key);
    }

    public Option maxLength(int longest) {
        return new Option(name, kind, required, choices, source, min, max, longest, autocomplete, key);
    }

    public Option withAutocomplete() {
        return new Option(name, kind, required, choices, source, min, max, maxLength, true, key);
    }

    /** The same option with its own words ({@code prompt} says something else for {@code edit} than for {@code new}). */
    public Option words(String ownKey) {
        return new Option(name, kind, required, choices, source, min, max, maxLength, autocomplete, ownKey);
    }

    public String descriptionKey() {
        return key + ".description";
    }

    public String choiceKey(String value) {
        return key + ".choice." + value;
    }
}

package dev.kontextbot.adapter.chat;

import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.model.ArchiveProblem;
import dev.kontextbot.engine.model.Rejected;
import dev.kontextbot.engine.model.TurnStatus;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Puts what is wrong with an imported manifest ({@link ArchiveProblem}) in a person's words, from the
 * {@code rejected.manifest.*} keys of {@code words/refusals}: a kind's key is its name ({@code TooManyTurns} →
 * {@code rejected.manifest.tooManyTurns}; {@code Unknown} adds the field), its placeholders its components by name. A part
 * or field of the manifest is said from {@code rejected.manifest.part.*} / {@code .field.*}, a turn's status as the
 * pictures name it, a rejected parameter by {@link RejectionWords}. A kind without words fails loudly (the German test
 * names every kind).
 */
final class ArchiveProblemWords {
    private static final String PREFIX = "rejected.manifest.";
    private final BiFunction<Rejected, Words, String> rejections;

    /** {@code rejections}: how a parameter the product would not take is said (the session's defaults, a turn's params). */
    ArchiveProblemWords(BiFunction<Rejected, Words, String> rejections) {
        this.rejections = rejections;
    }

    String say(ArchiveProblem problem, Words words) {
        String key = PREFIX + lowerFirst(problem.getClass().getSimpleName())
                + (problem instanceof ArchiveProblem.Unknown unknown ? "." + unknown.field() : "");
        return words.say(key, arguments((Record) problem, words));
    }

    private Map<String, Object> arguments(Record value, Words words) {
        Map<String, Object> arguments = new LinkedHashMap<>();
        for (RecordComponent component : value.getClass().getRecordComponents()) {
            arguments.put(component.getName(), argument(read(component, value), words));
        }
        return arguments;
    }

    private Object argument(Object value, Words words) {
        if (value instanceof ArchiveProblem.Part part) {
            return words.say(PREFIX + "part." + part.key(), arguments((Record) part, words));
        }
        if (value instanceof ArchiveProblem.Field field) {
            Map<String, Object> arguments = arguments((Record) field.part(), words);
            arguments.put("number", String.valueOf(field.number()));
            return words.say(PREFIX + "field." + field.part().key() + "." + field.name(), arguments);
        }
        if (value instanceof Rejected rejected) {
            return rejections.apply(rejected, words);
        }
        if (value instanceof TurnStatus status) {
            return words.say("picture.turn.status." + status.wireName());
        }
        // Ids and counts as written in the manifest (no grouping: "turn 12345", not "12,345"); a missing text as "null".
        return String.valueOf(value);
    }

    private static Object read(RecordComponent component, Record value) {
        try {
            return component.getAccessor().invoke(value);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component + " of " + value, e);
        }
    }

    private static String lowerFirst(String name) {
        return name.substring(0, 1).toLowerCase(Locale.ROOT) + name.substring(1);
    }
}

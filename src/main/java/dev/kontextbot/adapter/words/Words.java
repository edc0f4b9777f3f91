package dev.kontextbot.adapter.words;

import com.ibm.icu.text.MessageFormat;
import com.ibm.icu.text.MessagePattern;
import com.ibm.icu.util.ULocale;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Objects;

/**
 * The bot's sentences in one language: each is a key in a message bundle with named placeholders and plural forms
 * (ICU syntax: {@code {count, plural, one {# variant} other {# variants}}}). Obtained from {@link Languages}.
 */
public final class Words {
    private final Locale locale;
    private final Map<String, String> patterns;

    Words(Locale locale, Map<String, String> patterns) {
        this.locale = locale;
        this.patterns = Map.copyOf(patterns);
    }

    /** The language these words are in. */
    public Locale locale() {
        return locale;
    }

    /**
     * The sentence under {@code key} with its placeholders filled: {@code say("turn.queued", "position", 3)}.
     *
     * @throws MissingResourceException for a key no bundle has: a programming error the bundle test catches first
     */
    public String say(String key, Object... namesAndValues) {
        return format(key, arguments(key, namesAndValues));
    }

    /** As {@link #say(String, Object...)} with the placeholders in a map. */
    public String say(String key, Map<String, ?> arguments) {
        return format(key, arguments);
    }

    /** Whether a bundle has this key (for optional sentences, such as a command's longer help). */
    public boolean has(String key) {
        return patterns.containsKey(key);
    }

    /** The keys that start with {@code prefix}, sorted: the sentences one surface takes as a whole (the playground page's). */
    public java.util.SortedSet<String> keys(String prefix) {
        return patterns.keySet().stream().filter(key -> key.startsWith(prefix)).collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    /**
     * The sentence under {@code key} with each placeholder left as {@code {name}}, for a page that fills them in itself:
     * ICU has read the pattern (its quoting included), so the page only replaces names. Plural and select forms are
     * the page's to choose, one key per form.
     *
     * @throws IllegalArgumentException for a pattern with a plural, select or number argument
     */
    public String template(String key) {
        String pattern = patterns.get(key);
        if (pattern == null) {
            throw new MissingResourceException("no sentence for " + key + " in " + locale, Words.class.getName(), key);
        }
        MessagePattern parts = new MessagePattern(pattern);
        for (int i = 0; i < parts.countParts(); i++) {
            if (parts.getPart(i).getType() == MessagePattern.Part.Type.ARG_START && parts.getPart(i).getArgType() != MessagePattern.ArgType.NONE) {
                throw new IllegalArgumentException(key + " in " + locale + ": a page's sentence takes plain {name} placeholders only");
            }
        }
        MessageFormat format = new MessageFormat(pattern, ULocale.forLocale(locale));
        Map<String, Object> markers = new LinkedHashMap<>();
        format.getArgumentNames().forEach(name -> markers.put(name, "{" + name + "}"));
        return format.format(markers);
    }

    private String format(String key, Map<String, ?> arguments) {
        String pattern = patterns.get(key);
        if (pattern == null) {
            throw new MissingResourceException("no sentence for " + key + " in " + locale, Words.class.getName(), key);
        }
        // A new format per call: ICU's MessageFormat is not safe to share between threads, and parsing is cheap.
        return new MessageFormat(pattern, ULocale.forLocale(locale)).format(arguments);
    }

    private static Map<String, Object> arguments(String key, Object[] namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException(key + ": placeholders come as name, value pairs");
        }
        Map<String, Object> arguments = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            arguments.put(Objects.requireNonNull((String) namesAndValues[i], "placeholder name"), namesAndValues[i + 1]);
        }
        return arguments;
    }
}

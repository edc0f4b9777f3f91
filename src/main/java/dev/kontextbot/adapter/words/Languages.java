package dev.kontextbot.adapter.words;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Optional;
import java.util.Properties;
import java.util.ResourceBundle;

/**
 * Every language the bot speaks, read once from the message bundles under {@code words/} on the class path. English
 * is the bundles' root and the fallback for a language the bot does not speak; every other language is complete (a
 * test fails on any key it lacks).
 */
public final class Languages {
    /** The bundles: each part of the bot keeps its sentences in its own, so that keys stay near their users. */
    public static final List<String> BUNDLES = List.of("words/chat", "words/commands", "words/discord", "words/slack",
            "words/playground", "words/pictures", "words/refusals", "words/providers", "words/failures",
            "words/turns");
    public static final Locale FALLBACK = Locale.ENGLISH;
    public static final List<Locale> SPOKEN = List.of(Locale.ENGLISH, Locale.GERMAN);

    private final Map<Locale, Words> words;

    private Languages(Map<Locale, Words> words) {
        this.words = Map.copyOf(words);
    }

    /** Reads the bundles (a bundle that does not exist yet is skipped). */
    public static Languages load() {
        return load(List.of());
    }

    /** The bundles and {@code more} of them (the words of commands a deployment or a test adds). */
    public static Languages load(List<String> more) {
        List<String> bundles = new java.util.ArrayList<>(BUNDLES);
        bundles.addAll(more);
        Map<Locale, Words> loaded = new HashMap<>();
        for (Locale locale : SPOKEN) {
            loaded.put(locale, new Words(locale, patterns(bundles, locale)));
        }
        return new Languages(loaded);
    }

    /** The words for {@code locale}, or English when the bot does not speak it ("de-AT" gets German). */
    public Words in(Locale locale) {
        if (locale == null) {
            return words.get(FALLBACK);
        }
        return words.getOrDefault(new Locale(locale.getLanguage()), words.get(FALLBACK));
    }

    /** The words for the best language of a list in order of preference (an {@code Accept-Language} header's). */
    public Words best(List<Locale.LanguageRange> preferences) {
        return Optional.ofNullable(Locale.lookup(preferences, SPOKEN)).map(this::in).orElse(words.get(FALLBACK));
    }

    /** The words for a language tag as platforms send it ("de", "en-US", "pt-BR"); English for an unknown one. */
    public Words forTag(String languageTag) {
        return languageTag == null || languageTag.isBlank() ? in(FALLBACK) : in(Locale.forLanguageTag(languageTag.replace('_', '-')));
    }

    public List<Locale> spoken() {
        return SPOKEN;
    }

    /**
     * The keys and patterns one bundle file holds itself, without those it inherits from English: {@code
     * words/chat_de.properties}'s for German. Empty when there is no such file. For the test that every language is complete.
     */
    public static Map<String, String> ownPatterns(String bundle, Locale locale) {
        String file = bundle + (locale.equals(FALLBACK) ? "" : "_" + locale.getLanguage()) + ".properties";
        Properties properties = new Properties();
        try (InputStream in = Languages.class.getClassLoader().getResourceAsStream(file)) {
            if (in == null) {
                return Map.of();
            }
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException unreadable) {
            throw new UncheckedIOException("cannot read " + file, unreadable);
        }
        Map<String, String> own = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> own.put(key, properties.getProperty(key)));
        return own;
    }

    private static Map<String, String> patterns(List<String> bundles, Locale locale) {
        Map<String, String> patterns = new HashMap<>();
        for (String bundle : bundles) {
            bundleOf(bundle, locale).ifPresent(b -> Collections.list(b.getKeys()).forEach(key -> {
                String previous = patterns.put(key, b.getString(key));
                if (previous != null && !previous.equals(b.getString(key))) {
                    throw new IllegalStateException("the key " + key + " is in two bundles");
                }
            }));
        }
        return patterns;
    }

    private static Optional<ResourceBundle> bundleOf(String bundle, Locale locale) {
        try {
            // No fallback to the JVM's default locale: a German server must not change what English speakers read.
            return Optional.of(ResourceBundle.getBundle(bundle, locale.equals(FALLBACK) ? Locale.ROOT : locale,
                    Languages.class.getClassLoader(), ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES)));
        } catch (MissingResourceException absent) {
            return Optional.empty();
        }
    }
}

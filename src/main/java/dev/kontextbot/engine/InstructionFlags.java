package dev.kontextbot.engine;

import dev.kontextbot.engine.model.AspectRatio;
import dev.kontextbot.engine.model.InvalidParameterException;
import dev.kontextbot.engine.model.Rejected;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.OutputFormat;
import dev.kontextbot.engine.model.ParamOverrides;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Midjourney-style flags written in an instruction ({@code sepia --ar 16:9 --seed 42}), read in this one place for
 * every surface: the engine reads them from each prompt it is given, so Discord, Slack and the playground agree. The
 * flags leave the prompt the model sees and become the turn's parameters; a flag that cannot be used is refused by
 * name. Phones and chat apps turn {@code --} into an em dash (or an en dash), so {@code —ar} counts too. Only the
 * engine reads them (adapters show {@link #SUMMARY} in their help), so no surface can read them differently.
 */
public final class InstructionFlags {

    /** The prompt without its flags, and the parameters the flags gave (absent where no flag named one). */
    record Read(String prompt, ParamOverrides params) {
    }

    private enum Flag {
        ASPECT("--ar 16:9", "ar", "aspect"),
        SEED("--seed 42", "seed"),
        VARIANTS("--n 3", "n", "variants"),
        MODEL("--model flux-2-pro", "model", "v"),
        GUIDANCE("--guidance 4", "guidance"),
        SAFETY("--safety 3", "safety"),
        FORMAT("--png", "format"),
        ENHANCE("--enhance", "enhance");

        private final String example;
        private final List<String> names;

        Flag(String example, String... names) {
            this.example = example;
            this.names = List.of(names);
        }

        boolean takesValue() {
            return this != ENHANCE;
        }
    }

    /** One line for help texts and refusals: every flag, as people write it. */
    public static final String SUMMARY = Stream.concat(Stream.of(Flag.values()).filter(f -> f != Flag.FORMAT).map(f -> f.example),
                    Stream.of(OutputFormat.values()).map(format -> "--" + format.wireName()))
            .collect(Collectors.joining(", "));

    /** A flag starts a word: two hyphens, or the dash a phone made of them, then a letter. */
    private static final Pattern FLAG = Pattern.compile("(?:--|[\u2014\u2013])(\\p{Alpha}[\\p{Alnum}_-]*?)(?:=(.*)|[.,;!?]*)");
    private static final Pattern WORD = Pattern.compile("\\S+");
    private static final Pattern RATIO = Pattern.compile("(\\d{1,3})\\s*[:x]\\s*(\\d{1,3})");
    private static final Pattern TRAILING_PUNCTUATION = Pattern.compile("[.,;!?]+$");

    private record Word(int start, String text) {
    }

    /** {@code prompt} null reads as empty. Throws {@link InvalidParameterException} naming the first flag it cannot use. */
    Read read(String prompt) {
        if (prompt == null) {
            return new Read("", ParamOverrides.NONE);
        }
        List<Word> words = new ArrayList<>();
        Matcher m = WORD.matcher(prompt);
        while (m.find()) {
            words.add(new Word(m.start(), m.group()));
        }
        ParamOverrides params = ParamOverrides.NONE;
        Set<Flag> seen = EnumSet.noneOf(Flag.class);
        StringBuilder rest = new StringBuilder();
        int copied = 0;
        for (int i = 0; i < words.size(); i++) {
            Matcher match = FLAG.matcher(words.get(i).text());
            if (!match.matches()) {
                continue;
            }
            String flagWord = words.get(i).text().substring(0, match.end(1));
            String written = flagWord;
            String name = match.group(1).toLowerCase(Locale.ROOT);
            Optional<OutputFormat> bareFormat = format(name);
            Flag kind = bareFormat.isPresent() ? Flag.FORMAT : flag(name, written);
            int start = words.get(i).start();
            int end = start + match.end(1);
            String value = null;
            if (bareFormat.isPresent()) {
                value = bareFormat.get().wireName();
            } else if (kind.takesValue()) {
                if (match.group(2) != null) {
                    value = sentence(match.group(2));
                    end = start + match.start(2) + value.length();
                    written = written + "=" + value;
                } else if (i + 1 < words.size() && !FLAG.matcher(words.get(i + 1).text()).matches()) {
                    Word next = words.get(++i);
                    value = sentence(next.text());
                    end = next.start() + value.length();
                    written = written + " " + value;
                }
                if (value == null || value.isEmpty()) {
                    throw new InvalidParameterException(kind.names.get(0), dashes(written) + " needs a value, for example " + kind.example + ".",
                            new Rejected.FlagNeedsValue(dashes(written), kind.example));
                }
            }
            if (!seen.add(kind)) {
                throw new InvalidParameterException(kind.names.get(0), dashes(flagWord) + " is given twice; keep one.", new Rejected.FlagTwice(dashes(flagWord)));
            }
            params = checked(written, overrides(kind, value, written)).over(params);
            // The flag goes, and the space before it, so "sepia --ar 16:9 please" reads "sepia please".
            int cut = start;
            while (cut > copied && Character.isWhitespace(prompt.charAt(cut - 1))) {
                cut--;
            }
            rest.append(prompt, copied, cut);
            copied = end;
        }
        rest.append(prompt, copied, prompt.length());
        return new Read(rest.toString().strip(), params);
    }

    /** "--seed 42," — punctuation after a value belongs to the sentence, and stays in the prompt. */
    private static String sentence(String value) {
        return TRAILING_PUNCTUATION.matcher(value).replaceFirst("");
    }

    private static Flag flag(String name, String written) {
        for (Flag flag : Flag.values()) {
            if (flag.names.contains(name)) {
                return flag;
            }
        }
        throw new InvalidParameterException("flags", "I don't know the flag " + dashes(written) + ". The flags are: " + SUMMARY + ".",
                new Rejected.UnknownFlag(dashes(written), SUMMARY));
    }

    private static Optional<OutputFormat> format(String name) {
        return Arrays.stream(OutputFormat.values()).filter(f -> f.wireName().equals(name)).findFirst();
    }

    /** {@code written}: the flag and its value as the person wrote them, so every refusal quotes it. */
    private static ParamOverrides overrides(Flag kind, String value, String written) {
        return switch (kind) {
            case ASPECT -> ParamOverrides.builder().aspectRatio(aspect(value, written)).build();
            case SEED -> ParamOverrides.builder().seed(whole(value, written)).build();
            case VARIANTS -> ParamOverrides.builder().numImages((int) clamp(whole(value, written))).build();
            case MODEL -> ParamOverrides.builder().model(model(value, written)).build();
            case GUIDANCE -> ParamOverrides.builder().guidanceScale(decimal(value, written)).build();
            case SAFETY -> ParamOverrides.builder().safetyTolerance((int) clamp(whole(value, written))).build();
            case FORMAT -> ParamOverrides.builder().outputFormat(prefixed(written, () -> OutputFormat.parse(value))).build();
            case ENHANCE -> ParamOverrides.builder().enhancePrompt(true).build();
        };
    }

    /** A value of the right kind can still be out of range: the parameters' own checks word that, after the flag. */
    private static ParamOverrides checked(String written, ParamOverrides one) {
        prefixed(written, () -> one.resolve(() -> 0L));
        return one;
    }

    private static AspectRatio aspect(String value, String written) {
        Matcher ratio = RATIO.matcher(value);
        if (ratio.matches()) {
            int width = Integer.parseInt(ratio.group(1));
            int height = Integer.parseInt(ratio.group(2));
            for (AspectRatio candidate : AspectRatio.values()) {
                if (candidate.width() * height == candidate.height() * width) {
                    return candidate;
                }
            }
        } else {
            for (AspectRatio candidate : AspectRatio.values()) {
                if (candidate.wireName().equalsIgnoreCase(value)) {
                    return candidate;
                }
            }
        }
        String ratios = Arrays.stream(AspectRatio.values()).map(AspectRatio::ratio).distinct().collect(Collectors.joining(", "));
        throw new InvalidParameterException("aspect_ratio", dashes(written) + ": the aspect ratio must be one of " + ratios
                + " (or " + AspectRatio.names() + ").", new Rejected.AtFlag(dashes(written), new Rejected.NoSuchRatio(ratios, AspectRatio.names())));
    }

    /**
     * A model id of the catalogue, or an old name (pro, max, flux-kontext-pro); whether this bot serves it is the
     * engine's check before the turn, which names the models it has.
     */
    private static ModelId model(String value, String written) {
        try {
            return ModelId.parse(value);
        } catch (InvalidParameterException e) {
            throw new InvalidParameterException("model", dashes(written) + ": " + e.getMessage() + ".", atFlag(written, e));
        }
    }

    private static long whole(String value, String written) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidParameterException("flags", dashes(written) + ": the value must be a whole number, not '" + value + "'.",
                    new Rejected.AtFlag(dashes(written), new Rejected.NotWholeNumber(null, value)));
        }
    }

    /** Out of int range is out of every such parameter's range: the parameter's own check words the message. */
    private static long clamp(long value) {
        return Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }

    private static double decimal(String value, String written) {
        try {
            return Double.parseDouble(value.replace(',', '.'));
        } catch (NumberFormatException e) {
            throw new InvalidParameterException("guidance_scale", dashes(written) + ": the value must be a number such as 3.5, not '"
                    + value + "'.", new Rejected.AtFlag(dashes(written), new Rejected.NotDecimal(null, value)));
        }
    }

    private static <T> T prefixed(String written, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (InvalidParameterException e) {
            throw new InvalidParameterException(e.parameter(), dashes(written) + ": " + e.getMessage() + ".", atFlag(written, e));
        }
    }

    /** What is wrong with a flag's value, at the flag; a problem not typed yet is none (its message is then the words). */
    private static Rejected atFlag(String written, InvalidParameterException e) {
        return e.rejected().map(problem -> (Rejected) new Rejected.AtFlag(dashes(written), problem)).orElse(null);
    }

    /** The flag as typed, with a phone's dash shown as the two hyphens it stands for, so the message reads the same. */
    private static String dashes(String written) {
        return written.replaceFirst("^[\u2014\u2013]", "--");
    }
}

package dev.kontextbot.provider.offline;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the offline editor's operations in a free-text instruction, in the order they are written.
 * Case-insensitive and indifferent to filler ("please make it…"); quoted caption text keeps its case.
 */
final class InstructionParser {

    /** One line per operation, for the reply to an instruction the editor does not understand and for the README. */
    static final String VOCABULARY = String.join(", ",
            "grayscale (black and white)", "sepia", "invert", "blur (heavy blur)", "sharpen", "brighter", "darker",
            "more contrast", "less contrast", "rotate 90/180/270 (rotate left/right)", "flip (upside down)",
            "mirror", "crop to 16:9 (any W:H, or crop square)", "tint <colour or #rrggbb>", "pixelate", "posterize",
            "vignette", "caption \"your text\"");

    static final Map<String, Color> COLOURS = Map.ofEntries(
            Map.entry("red", new Color(220, 40, 40)), Map.entry("green", new Color(40, 170, 60)),
            Map.entry("blue", new Color(40, 80, 220)), Map.entry("yellow", new Color(240, 210, 40)),
            Map.entry("orange", new Color(245, 140, 30)), Map.entry("purple", new Color(140, 60, 190)),
            Map.entry("pink", new Color(240, 120, 180)), Map.entry("cyan", new Color(40, 200, 220)),
            Map.entry("magenta", new Color(210, 40, 200)), Map.entry("teal", new Color(30, 140, 140)),
            Map.entry("gold", new Color(212, 175, 55)), Map.entry("brown", new Color(130, 80, 40)),
            Map.entry("white", Color.WHITE), Map.entry("black", Color.BLACK));

    private record Rule(Pattern pattern, Function<Matcher, Operation> operation) {
    }

    private static final Pattern CAPTION = Pattern.compile("(?:caption|text|title|label)\\s*:?\\s*[\"“”']([^\"“”']+)[\"“”']",
            Pattern.CASE_INSENSITIVE);

    private static final List<Rule> RULES = List.of(
            rule("\\b(gr[ae]y ?scale|black and white|black & white|b&w|monochrome)\\b", m -> new Operation.Grayscale()),
            rule("\\bsepia\\b", m -> new Operation.Sepia()),
            rule("\\b(invert(ed)?|negative)\\b", m -> new Operation.Invert()),
            rule("\\b(?:(heavy|heavily|strong|strongly|more|very|lots of|a lot of)\\s+)?blur(?:red|ry)?\\b",
                    m -> new Operation.Blur(m.group(1) != null)),
            rule("\\b(sharpen|sharper|crisper)\\b", m -> new Operation.Sharpen()),
            rule("\\b(brighter|brighten|lighter|lighten)\\b", m -> new Operation.Brightness(1.3)),
            rule("\\b(darker|darken)\\b", m -> new Operation.Brightness(0.7)),
            rule("\\b(more|increase|increased|higher|boost|add)\\s+(the\\s+)?contrast\\b", m -> new Operation.Contrast(1.4)),
            rule("\\b(less|reduce|reduced|lower|decrease)\\s+(the\\s+)?contrast\\b", m -> new Operation.Contrast(0.7)),
            rule("\\brotate(?:\\s+(?:it|the image|this))?(?:\\s+by)?\\s+(90|180|270|left|right)\\b", m -> new Operation.Rotate(degrees(m.group(1)))),
            rule("\\bflip(?:\\s+it)?\\s+horizontally\\b", m -> new Operation.Mirror()),
            rule("\\b(flip(?!\\s+(?:it\\s+)?horizontally)|upside down)\\b", m -> new Operation.Flip()),
            rule("\\bmirror(?:ed)?\\b", m -> new Operation.Mirror()),
            rule("\\bcrop(?:\\s+it)?(?:\\s+to)?(?:\\s+an?)?\\s+(\\d{1,2})\\s*[:x]\\s*(\\d{1,2})\\b",
                    m -> new Operation.CropTo(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)))),
            rule("\\bcrop(?:\\s+it)?(?:\\s+to)?(?:\\s+a)?\\s+square\\b", m -> new Operation.CropTo(1, 1)),
            rule("\\btint(?:ed)?(?:\\s+it)?(?:\\s+with)?\\s+(#[0-9a-f]{6}|[a-z]+)\\b", InstructionParser::tint),
            rule("\\bpixel(?:ate|ated|ise|ize|ized|ised)\\b", m -> new Operation.Pixelate()),
            rule("\\bposteri[sz]e(?:d)?\\b", m -> new Operation.Posterize()),
            rule("\\bvignette\\b", m -> new Operation.Vignette()));

    /** Where one request ends and the next begins: punctuation, "and", "then", "also". */
    private static final Pattern CLAUSE_BREAK = Pattern.compile("[,;.!?+&]+|\\s(?:and|then|also|plus)\\s", Pattern.CASE_INSENSITIVE);

    /** Words that ask for nothing by themselves: around an edit ("please make it sepia") they are no request of their own. */
    private static final Set<String> FILLER = Set.of("a", "an", "the", "it", "its", "this", "that", "image", "picture", "photo",
            "please", "pls", "make", "turn", "into", "to", "by", "with", "and", "then", "also", "add", "apply", "give", "me", "us",
            "can", "could", "would", "you", "i", "want", "like", "some", "more", "bit", "little", "slightly", "lot", "of", "very",
            "really", "just", "now", "look", "effect", "filter", "degrees", "colours", "colors", "style", "version", "one", "again",
            "kontext", "bot", "hi", "hey", "thanks", "thank", "so", "too", "all", "in", "on", "be", "is");

    private static Rule rule(String regex, Function<Matcher, Operation> operation) {
        return new Rule(Pattern.compile(regex), operation);
    }

    /**
     * What the editor will do, and the parts of the instruction it will not: a clause ("put a hat on the cat") with a
     * word that is neither an operation nor filler ("make it", "please").
     */
    record Reading(List<Operation> operations, List<String> ignored) {
    }

    List<Operation> parse(String instruction) {
        return read(instruction).operations();
    }

    Reading read(String instruction) {
        record Found(int at, Operation operation) {
        }
        List<Found> found = new ArrayList<>();
        Matcher caption = CAPTION.matcher(instruction);
        StringBuilder rest = new StringBuilder(instruction);
        boolean[] understood = new boolean[instruction.length()];
        while (caption.find()) {
            found.add(new Found(caption.start(), new Operation.Caption(caption.group(1).strip())));
            // Blank the quoted text so words inside a caption are not read as instructions.
            for (int i = caption.start(); i < caption.end(); i++) {
                rest.setCharAt(i, ' ');
                understood[i] = true;
            }
        }
        String text = rest.toString().toLowerCase(Locale.ROOT);
        for (Rule rule : RULES) {
            Matcher m = rule.pattern().matcher(text);
            while (m.find()) {
                Operation operation = rule.operation().apply(m);
                if (operation != null) {
                    found.add(new Found(m.start(), operation));
                    Arrays.fill(understood, m.start(), m.end(), true);
                }
            }
        }
        List<Operation> operations = found.stream().sorted(Comparator.comparingInt(Found::at)).map(Found::operation).toList();
        return new Reading(operations, ignored(instruction, understood));
    }

    /** The clauses left with a word that asks for something, as written; separators and filler alone ask for nothing. */
    private static List<String> ignored(String instruction, boolean[] understood) {
        StringBuilder left = new StringBuilder(instruction);
        for (int i = 0; i < understood.length; i++) {
            if (understood[i]) {
                // A clause break, so the words on either side of an understood edit are judged apart.
                left.setCharAt(i, ',');
            }
        }
        List<String> ignored = new ArrayList<>();
        for (String clause : CLAUSE_BREAK.split(left)) {
            String words = clause.strip();
            boolean asks = Arrays.stream(words.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}']+"))
                    .anyMatch(word -> !word.isEmpty() && !FILLER.contains(word));
            if (asks) {
                ignored.add(words);
            }
        }
        return ignored;
    }

    private static int degrees(String word) {
        return switch (word) {
            case "left" -> 270;
            case "right" -> 90;
            default -> Integer.parseInt(word);
        };
    }

    /** Null for a word that is not a colour, so "tint it slightly" is not an operation. */
    private static Operation tint(Matcher m) {
        String name = m.group(1);
        if (name.startsWith("#")) {
            return new Operation.Tint(new Color(Integer.parseInt(name.substring(1), 16)));
        }
        Color colour = COLOURS.get(name);
        return colour == null ? null : new Operation.Tint(colour);
    }
}

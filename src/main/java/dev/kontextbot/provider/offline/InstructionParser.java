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
import java.util.stream.IntStream;
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
            "vignette", "caption \"your text\"", "put image 2 in the corner (top left, bottom right …)",
            "side by side (next to image 2)", "use the colours of image 2");

    static final Map<String, Color> COLOURS = Map.ofEntries(
            Map.entry("red", new Color(220, 40, 40)), Map.entry("green", new Color(40, 170, 60)),
            Map.entry("blue", new Color(40, 80, 220)), Map.entry("yellow", new Color(240, 210, 40)),
            Map.entry("orange", new Color(245, 140, 30)), Map.entry("purple", new Color(140, 60, 190)),
            Map.entry("pink", new Color(240, 120, 180)), Map.entry("cyan", new Color(40, 200, 220)),
            Map.entry("magenta", new Color(210, 40, 200)), Map.entry("teal", new Color(30, 140, 140)),
            Map.entry("gold", new Color(212, 175, 55)), Map.entry("brown", new Color(130, 80, 40)),
            Map.entry("white", Color.WHITE), Map.entry("black", Color.BLACK));

    private record Rule(Pattern pattern, Function<Matcher, Edit> edit) {
    }

    private static final Pattern CAPTION = Pattern.compile("(?:caption|text|title|label)\\s*:?\\s*[\"“”']([^\"“”']+)[\"“”']",
            Pattern.CASE_INSENSITIVE);

    /** "image 2", "picture #3", "img2": the number in group {@code name}. */
    private static String image(String name) {
        return "(?:image|picture|photo|pic|img)\\s*#?(?<" + name + ">\\d{1,2})\\b";
    }

    /** "images 1 and 2", "image 2, 3 & 4": the numbers in group {@code name}. */
    private static String images(String name) {
        return "(?<" + name + ">(?:image|picture|photo)s?\\s*#?\\d{1,2}(?:\\s*(?:,|and|&|\\+)\\s*(?:(?:image|picture|photo)\\s*)?#?\\d{1,2})*)\\b";
    }

    private static final String CORNER = "(?:(?:in|into|at|on|to)\\s+)?(?:(?:the|a)\\s+)?"
            + "(?:(?<vertical>top|bottom|upper|lower)[\\s-]*(?<horizontal>left|right)(?:[\\s-]*(?:hand\\s+)?corner)?|corner)\\b";

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
            rule("\\bvignette\\b", m -> new Operation.Vignette()),
            rule("\\b(?:(?:put|place|add|insert|paste|overlay|show)\\s+)?" + image("image") + "\\s+" + CORNER,
                    InstructionParser::pictureInPicture),
            rule("\\b(?:(?:put|place|add|make)\\s+)?(?:an?\\s+)?picture[\\s-]in[\\s-]picture(?:\\s+(?:with|of|from)\\s+" + image("image") + ")?"
                    + "(?:\\s+" + CORNER + ")?", InstructionParser::pictureInPicture),
            rule("\\b(?:(?:put|place|show|lay|arrange|set)\\s+(?:out\\s+)?)?(?:(?:them|both|all|" + images("first") + ")\\s+)?"
                    + "side[\\s-]by[\\s-]side(?:\\s+with\\s+" + images("second") + ")?", InstructionParser::sideBySide),
            rule("\\b(?:(?:put|place|show|set)\\s+)?(?:(?:it|this|" + image("first") + ")\\s+)?(?:next\\s+to|beside|alongside)\\s+"
                    + "(?:it|this|" + image("second") + ")\\b", InstructionParser::nextTo),
            rule("\\b(?:(?:use|take|apply|borrow|copy|match|give\\s+it|in)\\s+)?(?:the\\s+)?(?:colou?rs?|palette|tones)"
                    + "(?:\\s+(?:palette|scheme|transfer))?\\s+(?:of|from|like)\\s+" + image("image"), InstructionParser::coloursOf),
            rule("\\b(?:(?:use|take|apply|borrow|copy|match)\\s+)?(?:the\\s+)?" + image("image") + "['’]s\\s+(?:colou?rs?|palette|tones)"
                    + "(?:\\s+(?:palette|scheme))?\\b", InstructionParser::coloursOf),
            rule("\\brecolou?r(?:\\s+it)?\\s+(?:like|as|after|from)\\s+" + image("image"), InstructionParser::coloursOf));

    /** Where one request ends and the next begins: punctuation, "and", "then", "also". */
    private static final Pattern CLAUSE_BREAK = Pattern.compile("[,;.!?+&]+|\\s(?:and|then|also|plus)\\s", Pattern.CASE_INSENSITIVE);

    /** Words that ask for nothing by themselves: around an edit ("please make it sepia") they are no request of their own. */
    private static final Set<String> FILLER = Set.of("a", "an", "the", "it", "its", "this", "that", "image", "picture", "photo",
            "please", "pls", "make", "turn", "into", "to", "by", "with", "and", "then", "also", "add", "apply", "give", "me", "us",
            "can", "could", "would", "you", "i", "want", "like", "some", "more", "bit", "little", "slightly", "lot", "of", "very",
            "really", "just", "now", "look", "effect", "filter", "degrees", "colours", "colors", "style", "version", "one", "again",
            "kontext", "bot", "hi", "hey", "thanks", "thank", "so", "too", "all", "in", "on", "be", "is");

    private static Rule rule(String regex, Function<Matcher, Edit> edit) {
        return new Rule(Pattern.compile(regex), edit);
    }

    /** An edit and the words it was read from, as written (to name it when the turn lacks an image it needs). */
    record Step(Edit edit, String words) {
    }

    /**
     * What the editor will do, and the parts of the instruction it will not: a clause ("put a hat on the cat") with a
     * word that is neither an operation nor filler ("make it", "please").
     */
    record Reading(List<Step> steps, List<String> ignored) {
        List<Edit> edits() {
            return steps.stream().map(Step::edit).toList();
        }
    }

    List<Edit> parse(String instruction) {
        return read(instruction).edits();
    }

    Reading read(String instruction) {
        record Found(int at, Step step) {
        }
        List<Found> found = new ArrayList<>();
        Matcher caption = CAPTION.matcher(instruction);
        StringBuilder rest = new StringBuilder(instruction);
        boolean[] understood = new boolean[instruction.length()];
        while (caption.find()) {
            found.add(new Found(caption.start(), new Step(new Operation.Caption(caption.group(1).strip()), caption.group())));
            // Blank the quoted text so words inside a caption are not read as instructions.
            for (int i = caption.start(); i < caption.end(); i++) {
                rest.setCharAt(i, ' ');
                understood[i] = true;
            }
        }
        String text = lowerCase(rest);
        for (Rule rule : RULES) {
            Matcher m = rule.pattern().matcher(text);
            while (m.find()) {
                // Words one rule read are not read again by another ("picture in picture with image 2 in the corner").
                boolean taken = IntStream.range(m.start(), m.end()).anyMatch(i -> understood[i]);
                Edit edit = taken ? null : rule.edit().apply(m);
                if (edit != null) {
                    found.add(new Found(m.start(), new Step(edit, instruction.substring(m.start(), m.end()))));
                    Arrays.fill(understood, m.start(), m.end(), true);
                }
            }
        }
        List<Step> steps = found.stream().sorted(Comparator.comparingInt(Found::at)).map(Found::step).toList();
        return new Reading(steps, ignored(instruction, understood));
    }

    /**
     * Char by char, so every index still points into the instruction as written: {@code String.toLowerCase} turns
     * "İ" into two chars, and a match after it would have run past the end of {@code understood}.
     */
    private static String lowerCase(CharSequence text) {
        char[] chars = new char[text.length()];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = Character.toLowerCase(text.charAt(i));
        }
        return new String(chars);
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

    private static Edit pictureInPicture(Matcher m) {
        String vertical = m.group("vertical");
        Composition.Corner corner = vertical == null ? Composition.Corner.BOTTOM_RIGHT
                : Composition.Corner.of(vertical.equals("top") || vertical.equals("upper"), m.group("horizontal").equals("left"));
        return new Composition.PictureInPicture(number(m.group("image"), 2), corner);
    }

    /** "side by side": every image; "images 2 and 3 side by side": those; "side by side with image 2": image 1, then it. */
    private static Edit sideBySide(Matcher m) {
        List<Integer> first = numbers(m.group("first"));
        List<Integer> second = numbers(m.group("second"));
        if (first.isEmpty() && second.isEmpty()) {
            return new Composition.SideBySide(List.of());
        }
        List<Integer> images = new ArrayList<>(first.isEmpty() ? List.of(1) : first);
        images.addAll(second);
        return new Composition.SideBySide(images);
    }

    /** "next to image 2", "put image 2 next to it": the two, by number; null when neither is another image ("next to it"). */
    private static Edit nextTo(Matcher m) {
        int first = number(m.group("first"), 1);
        int second = number(m.group("second"), 1);
        if (first == 1 && second == 1) {
            return null;
        }
        return new Composition.SideBySide(List.of(Math.min(first, second), Math.max(first, second)));
    }

    private static Edit coloursOf(Matcher m) {
        return new Composition.ColoursOf(number(m.group("image"), 2));
    }

    private static int number(String digits, int otherwise) {
        return digits == null ? otherwise : Integer.parseInt(digits);
    }

    private static List<Integer> numbers(String list) {
        if (list == null) {
            return List.of();
        }
        return DIGITS.matcher(list).results().map(r -> Integer.parseInt(r.group())).toList();
    }

    private static final Pattern DIGITS = Pattern.compile("\\d+");

    /** Null for a word that is not a colour, so "tint it slightly" is not an operation. */
    private static Edit tint(Matcher m) {
        String name = m.group(1);
        if (name.startsWith("#")) {
            return new Operation.Tint(new Color(Integer.parseInt(name.substring(1), 16)));
        }
        Color colour = COLOURS.get(name);
        return colour == null ? null : new Operation.Tint(colour);
    }
}

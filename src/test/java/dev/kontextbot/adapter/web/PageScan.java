package dev.kontextbot.adapter.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Words a page writes itself instead of taking them from its bundles: text between tags and in the attributes a
 * person reads (title, alt, placeholder, aria-label, value), in the markup and in the script's string and template
 * literals, and sentences among the script's plain literals. A simple scan, not a parser: a JS lexer just good
 * enough for strings, templates (with their {@code ${…}} expressions, themselves scanned), comments and regular
 * expressions. An expression inside a template counts as no text ({@link #EXPRESSION}).
 */
final class PageScan {
    static final char EXPRESSION = '\0';
    /** Literals that are no words of a person's: names of keys, and a programming error for the console. */
    static final Map<String, String> NOT_WORDS = Map.of(
            "Enter", "KeyboardEvent.key of the Enter key",
            "no words for " + EXPRESSION, "a key missing from the bundles: a programming error PlaygroundPageTest catches first");
    private static final Pattern LETTERS = Pattern.compile("[A-Za-z]{2,}");
    private static final Set<String> READ_ATTRIBUTES = Set.of("title", "alt", "placeholder", "aria-label", "value");
    private static final Pattern ATTRIBUTE = Pattern.compile("([\\w-]+)\\s*=\\s*(\"[^\"]*\"|'[^']*')");
    /** A sentence or a piece of one: a word and a space, or one capitalised word ("Undo"); a CSS selector is none. */
    private static final Pattern SENTENCE = Pattern.compile("(?=.*[A-Za-z]{2,}).* .*|[A-Z][a-z]{2,}[.!?…]?");
    private static final Pattern SELECTOR = Pattern.compile("[#.\\[].*|.*\\[[\\w-]+(=.*)?].*");

    private PageScan() {
    }

    /** Everything in {@code html} that reads as words of the page's own, each with where it is. */
    static List<String> wordsOf(String html) {
        List<String> found = new ArrayList<>();
        String markup = html.replaceAll("(?s)<style>.*?</style>", "").replaceAll("(?s)<!--.*?-->", "");
        Matcher script = Pattern.compile("(?s)(<script[^>]*>)(.*?)</script>").matcher(markup);
        StringBuilder outside = new StringBuilder();
        int last = 0;
        while (script.find()) {
            outside.append(markup, last, script.start()).append(script.group(1)).append("</script>");
            last = script.end();
            if (!script.group(1).contains("application/json")) {
                for (String literal : new Lexer(script.group(2)).literals()) {
                    found.addAll(inLiteral(literal));
                }
            }
        }
        outside.append(markup.substring(last));
        markupWords("markup", outside.toString(), found);
        return found;
    }

    private static List<String> inLiteral(String literal) {
        List<String> found = new ArrayList<>();
        if (literal.contains("<")) {
            markupWords("script markup", literal, found);
        } else if (SENTENCE.matcher(literal).matches() && !SELECTOR.matcher(literal).matches() && !NOT_WORDS.containsKey(literal)) {
            found.add("script literal: " + shown(literal));
        }
        return found;
    }

    /** Text outside tags, and the read attributes inside them. */
    private static void markupWords(String where, String markup, List<String> found) {
        StringBuilder text = new StringBuilder();
        StringBuilder tag = new StringBuilder();
        boolean inTag = false;
        char quote = 0;
        for (char c : (markup + "<").toCharArray()) {
            if (inTag) {
                if (quote != 0) {
                    quote = c == quote ? 0 : quote;
                } else if (c == '"' || c == '\'') {
                    quote = c;
                } else if (c == '>') {
                    attributes(where, tag.toString(), found);
                    tag.setLength(0);
                    inTag = false;
                    continue;
                }
                tag.append(c);
            } else if (c == '<') {
                if (LETTERS.matcher(text).find()) {
                    found.add(where + " text: " + shown(text.toString().strip()));
                }
                text.setLength(0);
                inTag = true;
            } else {
                text.append(c);
            }
        }
    }

    private static void attributes(String where, String tag, List<String> found) {
        Matcher attribute = ATTRIBUTE.matcher(tag);
        while (attribute.find()) {
            String value = attribute.group(2).substring(1, attribute.group(2).length() - 1);
            if (READ_ATTRIBUTES.contains(attribute.group(1)) && LETTERS.matcher(value).find()) {
                found.add(where + " " + attribute.group(1) + ": " + shown(value));
            }
        }
    }

    private static String shown(String text) {
        return "\"" + text.replace(EXPRESSION, '…') + "\"";
    }

    /** The string and template literals of a script, each template with its expressions as {@link #EXPRESSION}. */
    private static final class Lexer {
        private final String js;
        private final List<String> literals = new ArrayList<>();
        private int at;

        Lexer(String js) {
            this.js = js;
        }

        List<String> literals() {
            code('\0');
            return literals;
        }

        /** Code up to {@code end} (a template expression's closing brace) or the script's end. */
        private void code(char end) {
            int depth = 0;
            char previous = '(';
            while (at < js.length()) {
                char c = js.charAt(at);
                if (c == end && depth == 0) {
                    at++;
                    return;
                }
                if (c == '"' || c == '\'') {
                    literals.add(quoted(c));
                } else if (c == '`') {
                    literals.add(template());
                } else if (js.startsWith("//", at)) {
                    at = js.indexOf('\n', at) < 0 ? js.length() : js.indexOf('\n', at);
                    continue;
                } else if (js.startsWith("/*", at)) {
                    at = js.indexOf("*/", at) + 2;
                    continue;
                } else if (c == '/' && (("(,=:[!&|?{};+-*%<>~^".indexOf(previous) >= 0) || endsWithKeyword())) {
                    regex();
                } else {
                    depth += c == '{' ? 1 : c == '}' ? -1 : 0;
                    at++;
                }
                if (!Character.isWhitespace(c)) {
                    previous = c == '"' || c == '\'' || c == '`' || c == '/' ? 'a' : c;
                }
            }
        }

        private boolean endsWithKeyword() {
            String before = js.substring(0, at).stripTrailing();
            return before.endsWith("return") || before.endsWith("typeof");
        }

        private String quoted(char quote) {
            StringBuilder text = new StringBuilder();
            at++;
            while (js.charAt(at) != quote) {
                if (js.charAt(at) == '\\') {
                    at++;
                }
                text.append(js.charAt(at++));
            }
            at++;
            return text.toString();
        }

        private String template() {
            StringBuilder text = new StringBuilder();
            at++;
            while (js.charAt(at) != '`') {
                if (js.charAt(at) == '\\') {
                    text.append(js.charAt(++at));
                    at++;
                } else if (js.startsWith("${", at)) {
                    at += 2;
                    code('}');
                    text.append(EXPRESSION);
                } else {
                    text.append(js.charAt(at++));
                }
            }
            at++;
            return text.toString();
        }

        private void regex() {
            boolean inClass = false;
            at++;
            while (at < js.length()) {
                char c = js.charAt(at++);
                if (c == '\\') {
                    at++;
                } else if (c == '[') {
                    inClass = true;
                } else if (c == ']') {
                    inClass = false;
                } else if (c == '/' && !inClass) {
                    break;
                }
            }
        }
    }
}

package dev.kontextbot.engine.model;

/**
 * What counts as the text of an instruction. {@link String#strip()} keeps the spaces Java does not call whitespace
 * (no-break U+00A0, figure U+2007, narrow no-break U+202F) and invisible format characters (zero-width U+200B…U+200D,
 * word joiner U+2060, BOM U+FEFF), so a prompt of only those looked written but said nothing.
 */
public final class PromptText {
    private PromptText() {
    }

    /** {@code text} without invisible characters at either end; empty when there is nothing else. */
    public static String strip(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && invisible(text.codePointAt(start))) {
            start += Character.charCount(text.codePointAt(start));
        }
        while (end > start && invisible(text.codePointBefore(end))) {
            end -= Character.charCount(text.codePointBefore(end));
        }
        return text.substring(start, end);
    }

    static boolean invisible(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)
                || codePoint == 0x200B || codePoint == 0x200C || codePoint == 0x200D || codePoint == 0x2060
                || codePoint == 0xFEFF || codePoint == 0x180E;
    }
}

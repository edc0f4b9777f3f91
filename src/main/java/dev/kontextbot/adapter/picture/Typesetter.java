package dev.kontextbot.adapter.picture;

import java.awt.FontMetrics;
import java.util.ArrayList;
import java.util.List;

/** Breaks text into lines that fit a width, at most a number of them, the last one ellipsized when text is left over. */
// Not final: a test records the sentences handed to it, to check which language a picture is drawn in.
class Typesetter {
    private static final String ELLIPSIS = "…";

    List<String> wrap(String text, FontMetrics metrics, int width, int maxLines) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        String[] words = text.strip().split("\\s+");
        int i = 0;
        while (i < words.length && lines.size() < maxLines) {
            String word = words[i];
            String candidate = line.length() == 0 ? word : line + " " + word;
            if (metrics.stringWidth(candidate) <= width) {
                line.setLength(0);
                line.append(candidate);
                i++;
            } else if (line.length() == 0) {
                // One word wider than the line (a URL, a long name): break it where it stops fitting.
                int cut = fitting(word, metrics, width);
                lines.add(word.substring(0, cut));
                words[i] = word.substring(cut);
            } else {
                lines.add(line.toString());
                line.setLength(0);
            }
        }
        if (line.length() > 0 && lines.size() < maxLines) {
            lines.add(line.toString());
        }
        if (i < words.length && !lines.isEmpty()) {
            int last = lines.size() - 1;
            lines.set(last, ellipsized(lines.get(last), metrics, width));
        }
        return lines;
    }

    String ellipsized(String text, FontMetrics metrics, int width) {
        if (metrics.stringWidth(text + ELLIPSIS) <= width) {
            return text + ELLIPSIS;
        }
        int end = text.length();
        while (end > 0 && metrics.stringWidth(text.substring(0, end).stripTrailing() + ELLIPSIS) > width) {
            end--;
        }
        return text.substring(0, end).stripTrailing() + ELLIPSIS;
    }

    /** One line: the text itself when it fits, else ellipsized. */
    String line(String text, FontMetrics metrics, int width) {
        return metrics.stringWidth(text) <= width ? text : ellipsized(text, metrics, width);
    }

    private static int fitting(String word, FontMetrics metrics, int width) {
        int end = 1;
        while (end < word.length() && metrics.stringWidth(word.substring(0, end + 1)) <= width) {
            end++;
        }
        return end;
    }
}

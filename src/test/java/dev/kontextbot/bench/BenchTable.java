package dev.kontextbot.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The benchmark's figures, printed as one Markdown table (the README's benchmark section is a copy of it). */
final class BenchTable {
    record Row(String figure, String value, String target, Boolean met) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    void add(String figure, String value, String target, Boolean met) {
        rows.add(new Row(figure, value, target, met));
        System.out.printf(Locale.ROOT, "  %s: %s%n", figure, value);
    }

    void note(String note) {
        notes.add(note);
        System.out.println("  " + note);
    }

    String markdown() {
        StringBuilder out = new StringBuilder("| figure | value | target | met |\n|---|---|---|---|\n");
        for (Row row : rows) {
            out.append("| ").append(row.figure()).append(" | ").append(row.value()).append(" | ").append(row.target() == null ? "" : row.target())
                    .append(" | ").append(row.met() == null ? "" : row.met() ? "yes" : "**no**").append(" |\n");
        }
        for (String note : notes) {
            out.append("\n").append(note).append("\n");
        }
        return out.toString();
    }

    static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}

package dev.kontextbot.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4, for tests. Neither the Prometheus Java client
 * (prometheus-metrics-exposition-textformats has writers only) nor the old simpleclient ships a parser, so this one
 * checks what a scraper relies on: the grammar of every line, one TYPE per family before its samples, unique series,
 * and histograms whose buckets are cumulative and end in a +Inf bucket equal to their count.
 */
public final class PrometheusText {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME.pattern() + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME.pattern() + ")( .*)?");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME.pattern() + ")(\\{(.*)})? (\\S+)( -?\\d+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");

    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;
    private final Map<String, String> types;

    private PrometheusText(List<Sample> samples, Map<String, String> types) {
        this.samples = samples;
        this.types = types;
    }

    /** Parses {@code text}, or fails with the line number and what is wrong with it. */
    public static PrometheusText parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition must end with a line feed");
        }
        Map<String, String> types = new LinkedHashMap<>();
        Set<String> familiesWithSamples = new java.util.HashSet<>();
        Set<String> series = new java.util.HashSet<>();
        List<Sample> samples = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            int number = i + 1;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                Matcher m = TYPE.matcher(line);
                require(m.matches(), number, "malformed TYPE line: " + line);
                require(types.put(m.group(1), m.group(2)) == null, number, "a second TYPE for " + m.group(1));
                require(!familiesWithSamples.contains(m.group(1)), number, "TYPE of " + m.group(1) + " after its samples");
                continue;
            }
            if (line.startsWith("# HELP ")) {
                require(HELP.matcher(line).matches(), number, "malformed HELP line: " + line);
                continue;
            }
            if (line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            require(m.matches(), number, "malformed sample: " + line);
            String name = m.group(1);
            Map<String, String> labels = labels(m.group(3) == null ? "" : m.group(3), number);
            double value = value(m.group(4), number);
            String family = family(name, types);
            require(family != null, number, "sample " + name + " has no TYPE before it");
            familiesWithSamples.add(family);
            require(series.add(name + labels), number, "the series " + name + labels + " appears twice");
            samples.add(new Sample(name, labels, value));
        }
        PrometheusText parsed = new PrometheusText(samples, types);
        types.forEach((family, type) -> {
            if (type.equals("histogram")) {
                parsed.checkHistogram(family);
            }
        });
        return parsed;
    }

    public String type(String family) {
        return types.get(family);
    }

    /** Samples named {@code name} whose labels include {@code labels}. */
    public List<Sample> samples(String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet())).toList();
    }

    /** The sum of the matching samples' values (0 when there is none). */
    public double sum(String name, Map<String, String> labels) {
        return samples(name, labels).stream().mapToDouble(Sample::value).sum();
    }

    private void checkHistogram(String family) {
        Map<Map<String, String>, List<Sample>> bySeries = new LinkedHashMap<>();
        for (Sample bucket : samples(family + "_bucket", Map.of())) {
            Map<String, String> rest = new LinkedHashMap<>(bucket.labels());
            if (rest.remove("le") == null) {
                throw new IllegalArgumentException(family + "_bucket without an le label: " + bucket);
            }
            bySeries.computeIfAbsent(rest, k -> new ArrayList<>()).add(bucket);
        }
        bySeries.forEach((labels, buckets) -> {
            double previousLe = Double.NEGATIVE_INFINITY;
            double previousCount = 0;
            for (Sample bucket : buckets) {
                double le = value(bucket.labels().get("le"), -1);
                if (le <= previousLe || bucket.value() < previousCount) {
                    throw new IllegalArgumentException(family + labels + ": buckets are not cumulative in increasing le");
                }
                previousLe = le;
                previousCount = bucket.value();
            }
            if (previousLe != Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException(family + labels + ": no +Inf bucket");
            }
            List<Sample> count = samples.stream().filter(s -> s.name().equals(family + "_count") && s.labels().equals(labels)).toList();
            if (count.size() != 1 || count.get(0).value() != previousCount) {
                throw new IllegalArgumentException(family + labels + ": _count is not the +Inf bucket");
            }
        });
    }

    private static String family(String name, Map<String, String> types) {
        if (types.containsKey(name)) {
            return name;
        }
        for (String suffix : new String[]{"_bucket", "_count", "_sum", "_created"}) {
            if (name.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                String type = types.get(base);
                if (type != null && (type.equals("histogram") || type.equals("summary"))) {
                    return base;
                }
            }
        }
        return null;
    }

    private static Map<String, String> labels(String text, int line) {
        Map<String, String> labels = new LinkedHashMap<>();
        Matcher m = LABEL.matcher(text);
        int at = 0;
        while (at < text.length()) {
            require(m.find(at) && m.start() == at, line, "malformed labels: {" + text + "}");
            require(labels.put(m.group(1), m.group(2).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\")) == null, line,
                    "label " + m.group(1) + " twice");
            at = m.end();
        }
        return labels;
    }

    private static double value(String text, int line) {
        switch (text) {
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            case "NaN":
                return Double.NaN;
            default:
                require(text.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?"), line, "not a number: " + text);
                return Double.parseDouble(text);
        }
    }

    private static void require(boolean condition, int line, String message) {
        if (!condition) {
            throw new IllegalArgumentException("line " + line + ": " + message);
        }
    }
}

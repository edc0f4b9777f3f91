package dev.kontextbot.provider.offline;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What one turn of the offline editor does, from the instruction as read and the number of images the turn has: the
 * edits it can do, the references (images 2..N) they use and so must be decoded, and in words what it leaves out.
 */
record Plan(List<Edit> edits, SortedSet<Integer> references, Optional<String> shortfall) {
    private static final int MAX_NAMED_PARTS = 3;

    Plan {
        edits = List.copyOf(edits);
        references = new TreeSet<>(references);
    }

    /**
     * {@code images}: 0 for a text-only turn, which only paints the prompt as a picture: it has no image to bring in and
     * nothing there is "left out", so compositions are dropped without a note.
     */
    static Plan of(InstructionParser.Reading reading, int images) {
        List<Edit> edits = new ArrayList<>();
        SortedSet<Integer> used = new TreeSet<>();
        List<String> lacking = new ArrayList<>();
        for (InstructionParser.Step step : reading.steps()) {
            if (!(step.edit() instanceof Composition composition)) {
                edits.add(step.edit());
            } else if (images >= 2 && composition.images(images).stream().allMatch(n -> n >= 1 && n <= images)) {
                edits.add(composition);
                composition.images(images).stream().filter(n -> n > 1).forEach(used::add);
            } else {
                lacking.add(step.words());
            }
        }
        if (images == 0) {
            return new Plan(edits, used, Optional.empty());
        }
        // The specific notes first: the one with the whole vocabulary is long, and a stored shortfall is cut at 1000 chars.
        List<String> notes = new ArrayList<>();
        if (!lacking.isEmpty()) {
            notes.add("Not done: " + quoted(lacking) + ": this turn has only " + (images == 1 ? "image 1" : "images 1–" + images)
                    + "; send the other images with the instruction.");
        }
        List<Integer> unused = new ArrayList<>();
        for (int n = 2; n <= images; n++) {
            if (!used.contains(n)) {
                unused.add(n);
            }
        }
        if (!unused.isEmpty()) {
            notes.add(unused(unused));
        }
        if (!reading.ignored().isEmpty()) {
            notes.add("Not done: " + quoted(reading.ignored()) + ". The offline editor only knows " + InstructionParser.VOCABULARY
                    + "; connect a Kontext provider for free-form edits.");
        }
        return new Plan(edits, used, notes.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", notes)));
    }

    /**
     * A reference the instruction never names is not used; said, because Kontext would have looked at it and a person
     * who sent it expects it to count.
     */
    private static String unused(List<Integer> unused) {
        String which = unused.size() == 1 ? "Image " + unused.get(0) + " was"
                : "Images " + unused.stream().limit(unused.size() - 1L).map(String::valueOf).collect(Collectors.joining(", "))
                + " and " + unused.get(unused.size() - 1) + " were";
        return which + " not used: the offline editor uses another image only where the instruction names it, as in “put image "
                + unused.get(0) + " in the corner”.";
    }

    /**
     * The parts of an edit the editor left out, said in the turn's message: a done turn that quietly did half of what
     * was asked looks like a bug.
     */
    private static String quoted(List<String> parts) {
        return parts.stream().limit(MAX_NAMED_PARTS).map(part -> "“" + abbreviate(part) + "”").collect(Collectors.joining(", "))
                + (parts.size() > MAX_NAMED_PARTS ? " and " + (parts.size() - MAX_NAMED_PARTS) + " more" : "");
    }

    static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 79) + "…";
    }
}

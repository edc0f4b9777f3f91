package dev.kontextbot.provider.offline;

import dev.kontextbot.engine.model.ProviderFailure;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What one turn of the offline editor does, from the instruction as read and the number of images the turn has: the
 * edits it can do, the references (images 2..N) they use and so must be decoded, and what it leaves out.
 */
record Plan(List<Edit> edits, SortedSet<Integer> references, Optional<ProviderFailure> shortfall) {

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
        List<Integer> unused = new ArrayList<>();
        for (int n = 2; n <= images; n++) {
            if (!used.contains(n)) {
                // Said, because Kontext would have looked at it and a person who sent it expects it to count.
                unused.add(n);
            }
        }
        List<String> ignored = reading.ignored().stream().map(Plan::abbreviate).toList();
        List<String> lacks = lacking.stream().map(Plan::abbreviate).toList();
        // A done turn that quietly did half of what was asked looks like a bug: what was left out is said with it.
        return new Plan(edits, used, lacks.isEmpty() && unused.isEmpty() && ignored.isEmpty() ? Optional.empty()
                : Optional.of(new ProviderFailure.PartlyDone(lacks, images, unused, ignored, InstructionParser.VOCABULARY)));
    }

    static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 79) + "…";
    }
}

package dev.kontextbot.engine.model;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The model a turn runs on, by its catalogue id ({@code kontext-pro}, {@code flux-2-pro}, …): an open name, so a new
 * model is one more catalogue entry, not a code change. Whether the id names a model this bot serves is the
 * catalogue's question ({@link dev.kontextbot.engine.catalogue.ModelCatalogue}), asked by the engine before a turn.
 */
public record ModelId(String id) implements Comparable<ModelId> {
    /** A turn stores its model in 16 characters (V1's turn.model): an id fits without a migration. */
    public static final int MAX_LENGTH = 16;
    // First: the constants below are checked against it as they are made.
    private static final Pattern SHAPE = Pattern.compile("[a-z0-9][a-z0-9._-]{0," + (MAX_LENGTH - 1) + "}");
    public static final ModelId KONTEXT_PRO = new ModelId("kontext-pro");
    public static final ModelId KONTEXT_MAX = new ModelId("kontext-max");

    /**
     * The names the bot had before its catalogue: stored turns, policies, scoped defaults, exports, {@code --model pro}
     * and {@code defaults.model: pro} keep meaning the Kontext models. The one place these two old names live.
     */
    private static final Map<String, ModelId> LEGACY = Map.of("pro", KONTEXT_PRO, "max", KONTEXT_MAX,
            "flux-kontext-pro", KONTEXT_PRO, "flux-kontext-max", KONTEXT_MAX);

    public ModelId {
        if (id == null || !SHAPE.matcher(id).matches()) {
            throw new InvalidParameterException("model", "a model id is lower-case letters, digits, '-', '.' or '_' (up to " + MAX_LENGTH + "), not '" + id + "'",
                    new Rejected.BadModelId(id, MAX_LENGTH));
        }
    }

    /** A name as people or old rows write it: any case, surrounding blanks, the old {@code pro}/{@code max}. */
    public static ModelId parse(String name) {
        String id = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        ModelId legacy = LEGACY.get(id);
        return legacy != null ? legacy : new ModelId(id);
    }

    /** The old names that mean this model, for help texts ({@code pro} for kontext-pro). */
    public java.util.List<String> legacyNames() {
        return LEGACY.entrySet().stream().filter(e -> e.getValue().equals(this) && !e.getKey().startsWith("flux-"))
                .map(Map.Entry::getKey).sorted().toList();
    }

    @Override
    public int compareTo(ModelId other) {
        return id.compareTo(other.id);
    }

    @Override
    public String toString() {
        return id;
    }
}

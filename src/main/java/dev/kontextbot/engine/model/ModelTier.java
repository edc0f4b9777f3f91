package dev.kontextbot.engine.model;

/** FLUX.1 Kontext tiers as sold by the providers. */
public enum ModelTier {
    PRO("pro"),
    MAX("max");

    private final String wireName;

    ModelTier(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static ModelTier parse(String name) {
        for (ModelTier tier : values()) {
            if (tier.wireName.equalsIgnoreCase(name.trim())) {
                return tier;
            }
        }
        throw new InvalidParameterException("model", "model must be pro or max, not '" + name + "'");
    }
}

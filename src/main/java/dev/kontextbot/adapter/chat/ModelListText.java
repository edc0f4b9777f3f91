package dev.kontextbot.adapter.chat;

import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.catalogue.ModelChoice;
import dev.kontextbot.engine.model.ModelId;

import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The model catalogue in words, for {@code /kontext admin models} and the help texts of Discord and Slack: each model
 * with who serves it, whether it can be used here (and why not), its price and how many images a turn takes.
 */
public final class ModelListText {
    private final UnaryOperator<String> bold;

    /** {@code bold}: the platform's bold ("**x**" on Discord, "*x*" on Slack). */
    public ModelListText(UnaryOperator<String> bold) {
        this.bold = bold;
    }

    /** {@code allowed}: the models this server/workspace allows; empty: all. */
    public String list(Words words, List<ModelChoice> models, Set<ModelId> allowed) {
        StringBuilder text = new StringBuilder(words.say("models.heading", "title", bold.apply(words.say("models.title"))));
        for (ModelChoice model : models) {
            text.append("\n• `").append(model.id().id()).append("` ").append(model.label()).append(" — ");
            if (model.available()) {
                text.append(words.say("models.via", "provider", model.provider().orElseThrow(), "price", CatalogueWords.price(model.price(), words), "images", model.maxImages()));
                if (!allowed.isEmpty() && !allowed.contains(model.id())) {
                    text.append(" ").append(words.say("models.notAllowed"));
                }
            } else {
                text.append(words.say("models.unavailable", "reason", CatalogueWords.unavailable(model.unavailable().orElseThrow(), words)));
            }
        }
        return text.toString();
    }

    /** "kontext-pro, kontext-max, flux-2-pro…": the models that can be used here, for one-line help. */
    public static String ids(List<ModelChoice> models) {
        return models.stream().filter(ModelChoice::available).map(m -> m.id().id()).collect(Collectors.joining(", "));
    }
}

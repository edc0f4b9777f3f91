package dev.kontextbot.adapter.chat.commands;

import dev.kontextbot.adapter.chat.ChatServices;
import dev.kontextbot.adapter.chat.ModelListText;
import dev.kontextbot.adapter.chat.PolicyText;
import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.catalogue.ModelChoice;
import dev.kontextbot.engine.model.ModelId;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code /kontext admin models}: without {@code allowed}, the catalogue as this bot serves it and which models the
 * tenant allows; with it, the models to allow (one or more, by id or an old name such as pro; {@code all}: every one).
 */
final class AdminModelsCommand implements ChatCommand {
    static final String ALL = "all";

    private final ChatServices core;

    AdminModelsCommand(ChatServices core) {
        this.core = core;
    }

    @Override
    public ChatReply answer(ChatRequest request) {
        return Administering.refusal(request).orElseGet(() -> {
            Words words = request.words();
            List<ModelChoice> known = core.engine().models();
            Optional<String> allowed = request.option(CommandCatalogue.ALLOWED);
            if (allowed.isEmpty()) {
                Set<ModelId> now = core.policies().stored(request.platform(), request.tenant()).allowedModels();
                return new ChatReply(new ModelListText(request.surface()::bold).list(words, known, now));
            }
            Set<ModelId> models = new TreeSet<>();
            for (String word : allowed.get().split("[,\\s]+")) {
                if (word.equalsIgnoreCase(ALL)) {
                    return change(request, Set.of());
                }
                if (!word.isBlank()) {
                    ModelId model = ModelId.parse(word);
                    if (known.stream().noneMatch(choice -> choice.id().equals(model))) {
                        return new ChatReply(words.say("provider.lineup.unknown", "model", word, "available", ModelListText.ids(known)));
                    }
                    models.add(model);
                }
            }
            return models.isEmpty() ? new ChatReply(words.say("policy.models.name", "available", ModelListText.ids(known))) : change(request, models);
        });
    }

    private ChatReply change(ChatRequest request, Set<ModelId> models) {
        core.policies().change(request.platform(), request.tenant(), request.user(), p -> p.withModels(models));
        return new ChatReply(PolicyText.on(request.surface(), core.commands()).saved(request.words(), core.policies(), request.platform(), request.tenant()));
    }
}

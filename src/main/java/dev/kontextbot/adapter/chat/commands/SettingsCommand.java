package dev.kontextbot.adapter.chat.commands;

import dev.kontextbot.adapter.chat.ChatServices;
import dev.kontextbot.adapter.chat.ParameterDescription;
import dev.kontextbot.adapter.chat.ParameterFields;
import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.ScopedDefaults;
import dev.kontextbot.engine.model.ParamOverrides;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code /kontext settings}: the defaults new sessions here start with and which layer sets each, or — with options —
 * a change of this channel's defaults, or of the whole tenant's ({@code scope: server}) by those who may change its
 * rules. A surface that offers no options (Slack's {@code /kontext settings}) only shows.
 */
final class SettingsCommand implements ChatCommand {
    static final String TENANT_SCOPE = "server";

    private final ChatServices core;

    SettingsCommand(ChatServices core) {
        this.core = core;
    }

    @Override
    public ChatReply answer(ChatRequest request) {
        Words words = request.words();
        ParamOverrides changes = ParameterFields.from(request.options());
        if (changes.equals(ParamOverrides.NONE)) {
            return new ChatReply(describe(request));
        }
        if (request.option(CommandCatalogue.SCOPE).filter(TENANT_SCOPE::equals).isPresent()) {
            if (!request.mayAdminister()) {
                return new ChatReply(words.say("settings.admins.only"));
            }
            // The tenant's defaults are part of its admin policy: changed through it, so the change is audited.
            core.policies().changeDefaults(request.platform(), request.tenant(), request.user(), changes);
        } else {
            core.defaults().change(request.platform(), request.tenant(), request.conversation(), changes, request.user());
        }
        return new ChatReply(words.say("settings.saved") + " " + describe(request));
    }

    private String describe(ChatRequest request) {
        Words words = request.words();
        Surface surface = request.surface();
        ScopedDefaults.Layers layers = core.defaults().of(request.platform(), request.tenant(), request.conversation());
        String text = surface.bold(words.say("settings.start")) + " " + ParameterDescription.complete(words, layers.effective(), core.engine().defaults());
        List<String> sources = new ArrayList<>();
        if (!layers.channel().equals(ParamOverrides.NONE)) {
            sources.add(words.say("settings.channel", "parameters", ParameterDescription.given(words, layers.channel())));
        }
        if (!layers.tenant().equals(ParamOverrides.NONE)) {
            sources.add(words.say(surface.key("settings.tenant"), "parameters", ParameterDescription.given(words, layers.tenant())));
        }
        text += "\n" + surface.fine((sources.isEmpty() ? words.say("settings.bot") : String.join("; ", sources)) + " · " + words.say("settings.win"));
        String note = surface.key("settings.note");
        return words.has(note) ? text + "\n" + words.say(note) : text;
    }
}

package dev.kontextbot.adapter.discord;

import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.TurnParams;
import net.dv8tion.jda.api.components.label.Label;
import net.dv8tion.jda.api.components.textinput.TextInput;
import net.dv8tion.jda.api.components.textinput.TextInputStyle;
import net.dv8tion.jda.api.interactions.modals.ModalMapping;
import net.dv8tion.jda.api.modals.Modal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The two forms: Remix (a turn's prompt and parameters, to edit and run again) and "Edit with Kontext" (an
 * instruction for the image of the message it was opened on). Their ids carry what they act on.
 */
final class ModalForms {
    static final String EDIT_PREFIX = "kx-edit";
    private static final List<String> REMIX_FIELDS = List.of(CommandOptions.VARIANTS, CommandOptions.SEED, CommandOptions.GUIDANCE,
            CommandOptions.ASPECT_RATIO);

    private ModalForms() {
    }

    static Modal remix(Words words, Turn turn) {
        TurnParams p = turn.params();
        String id = new ComponentId("remix", turn.sessionId(), turn.id(), 0).encode();
        return Modal.create(id, words.say("discord.form.remix"))
                .addComponents(
                        Label.of(words.say("discord.form.prompt"), promptInput(words, turn.prompt())),
                        Label.of(words.say("discord.form.variants"), shortInput(CommandOptions.VARIANTS, String.valueOf(p.numImages()), 1)),
                        Label.of(words.say("discord.form.seed"), words.say("discord.form.seedHint"), shortInput(CommandOptions.SEED, "", 10)),
                        Label.of(words.say("discord.form.guidance"), shortInput(CommandOptions.GUIDANCE, String.valueOf(p.guidanceScale()), 5)),
                        Label.of(words.say("discord.form.aspect"), "input, square, square_hd, portrait_4_3, portrait_16_9, landscape_4_3, landscape_16_9",
                                shortInput(CommandOptions.ASPECT_RATIO, p.aspectRatio() == null ? "input" : p.aspectRatio().wireName(), 14)))
                .build();
    }

    static Modal edit(Words words, String channelId, String messageId) {
        return Modal.create(EDIT_PREFIX + ":" + channelId + ":" + messageId, words.say("discord.form.edit"))
                .addComponents(
                        Label.of(words.say("discord.form.instruction"), promptInput(words, null)),
                        Label.of(words.say("discord.form.variants"), shortInput(CommandOptions.VARIANTS, "", 1)))
                .build();
    }

    /** The channel and message an edit form was opened on. */
    record EditTarget(String channelId, String messageId) {
    }

    static Optional<EditTarget> editTarget(String modalId) {
        String[] parts = modalId.split(":");
        return parts.length == 3 && parts[0].equals(EDIT_PREFIX) ? Optional.of(new EditTarget(parts[1], parts[2])) : Optional.empty();
    }

    static String prompt(Function<String, ModalMapping> value) {
        ModalMapping prompt = value.apply(KontextCommands.PROMPT);
        return prompt == null ? "" : prompt.getAsString();
    }

    /** The parameter fields as typed (blank ones are left out by {@link CommandOptions#fromText}). */
    static Map<String, String> parameterFields(Function<String, ModalMapping> value) {
        Map<String, String> fields = new HashMap<>();
        for (String name : REMIX_FIELDS) {
            ModalMapping mapping = value.apply(name);
            if (mapping != null) {
                fields.put(name, mapping.getAsString());
            }
        }
        return fields;
    }

    private static TextInput promptInput(Words words, String value) {
        return TextInput.create(KontextCommands.PROMPT, TextInputStyle.PARAGRAPH).setRequiredRange(1, 2000)
                .setPlaceholder(words.say("discord.form.promptExample")).setValue(value).build();
    }

    private static TextInput shortInput(String id, String value, int maxLength) {
        return TextInput.create(id, TextInputStyle.SHORT).setRequired(false).setMaxLength(Math.max(maxLength, 1))
                .setValue(value.isEmpty() ? null : value).build();
    }
}

package dev.kontextbot.adapter.slack;

import dev.kontextbot.adapter.words.Words;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.OptionObject;
import com.slack.api.model.view.View;
import com.slack.api.model.view.ViewState;
import dev.kontextbot.engine.model.AspectRatio;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.ParamOverrides;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.composition.BlockCompositions.option;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.plainTextInput;
import static com.slack.api.model.block.element.BlockElements.staticSelect;
import static com.slack.api.model.view.Views.view;
import static com.slack.api.model.view.Views.viewClose;
import static com.slack.api.model.view.Views.viewSubmit;
import static com.slack.api.model.view.Views.viewTitle;

/**
 * The two modals: "Edit with Kontext" (from the message shortcut: an instruction and the main parameters for
 * that message's image) and Remix (a turn's prompt and parameters, to edit and run again).
 */
final class SlackModals {
    static final String EDIT = "kontext_edit";
    static final String REMIX = "kontext_remix";
    private static final Logger log = LoggerFactory.getLogger(SlackModals.class);

    private final MethodsClient slack;

    /** {@code models}: the catalogue's models that can be used here, for the model select. */
    private final java.util.function.Supplier<List<String>> models;

    SlackModals(MethodsClient slack, java.util.function.Supplier<List<String>> models) {
        this.models = models;
        this.slack = slack;
    }

    /** {@code metadata} travels through Slack and comes back with the submission. */
    void open(Words words, String triggerId, String callbackId, String title, String metadata, String prompt, Integer numImages) {
        View modal = view(v -> v.type("modal").callbackId(callbackId).privateMetadata(metadata)
                .title(viewTitle(t -> t.type("plain_text").text(title)))
                .submit(viewSubmit(s -> s.type("plain_text").text(words.say("slack.form.run"))))
                .close(viewClose(c -> c.type("plain_text").text(words.say("slack.form.cancel"))))
                .blocks(blocks(words, prompt, numImages, models.get())));
        try {
            var response = slack.viewsOpen(r -> r.triggerId(triggerId).view(modal));
            if (!response.isOk()) {
                log.warn("Slack views.open failed: {}", response.getError());
            }
        } catch (IOException | SlackApiException e) {
            log.warn("Slack views.open failed: {}", e.getMessage());
        }
    }

    private static List<LayoutBlock> blocks(Words words, String prompt, Integer numImages, List<String> models) {
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(input(i -> i.blockId("prompt").label(plainText(words.say("slack.form.instruction")))
                .element(plainTextInput(p -> p.actionId("value").multiline(true).initialValue(prompt)))));
        blocks.add(select("num_images", words.say("slack.form.variants"), List.of("1", "2", "3", "4"), numImages == null ? null : numImages.toString()));
        blocks.add(select("model", words.say("slack.form.model"), models, null));
        blocks.add(select("aspect_ratio", words.say("slack.form.aspect"),
                Arrays.stream(AspectRatio.values()).map(AspectRatio::wireName).toList(), null));
        return blocks;
    }

    private static LayoutBlock select(String blockId, String label, List<String> values, String initial) {
        List<OptionObject> options = values.stream().map(v -> option(plainText(v), v)).toList();
        OptionObject chosen = initial == null ? null : options.stream().filter(o -> o.getValue().equals(initial)).findFirst().orElse(null);
        return input(i -> i.blockId(blockId).label(plainText(label)).optional(true)
                .element(staticSelect(s -> s.actionId("value").options(options).initialOption(chosen))));
    }

    static String prompt(View view) {
        return text(view.getState(), "prompt");
    }

    static ParamOverrides params(View view) {
        ViewState state = view.getState();
        String n = text(state, "num_images");
        String model = text(state, "model");
        String ratio = text(state, "aspect_ratio");
        return ParamOverrides.builder()
                .model(model == null ? null : ModelId.parse(model))
                .aspectRatio(ratio == null ? null : AspectRatio.parse(ratio))
                .numImages(n == null ? null : Integer.valueOf(n))
                .build();
    }

    private static String text(ViewState state, String blockId) {
        Map<String, ViewState.Value> block = state == null ? null : state.getValues().get(blockId);
        ViewState.Value value = block == null ? null : block.get("value");
        if (value == null) {
            return null;
        }
        return value.getSelectedOption() != null ? value.getSelectedOption().getValue() : value.getValue();
    }
}

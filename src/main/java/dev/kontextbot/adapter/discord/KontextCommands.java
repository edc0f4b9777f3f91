package dev.kontextbot.adapter.discord;

import dev.kontextbot.engine.catalogue.ModelChoice;
import dev.kontextbot.engine.model.AspectRatio;
import dev.kontextbot.engine.model.TurnParams;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;

import java.util.List;

/**
 * The commands the bot registers: {@code /kontext edit|new|settings|history|usage|help}, the admins' {@code /kontext admin …}
 * group, and the "Edit with Kontext" message menu.
 */
final class KontextCommands {
    static final String NAME = "kontext";
    static final String EDIT = "edit";
    static final String NEW = "new";
    static final String SETTINGS = "settings";
    static final String HISTORY = "history";
    static final String HELP = "help";
    static final String USAGE = "usage";
    static final String EXPORT = "export";
    static final String EDIT_MESSAGE = "Edit with Kontext";
    static final String IMAGE = "image";
    static final String URL = "url";
    /** Images 2..4 of an edit: references its instruction names ("the hat from image 2"). */
    static final List<String> MORE_IMAGES = List.of("image2", "image3", "image4");
    static final String PROMPT = "prompt";
    static final String SCOPE = "scope";
    static final String PAGE = "page";
    static final String BEFORE_AFTER = "before_after";

    private KontextCommands() {
    }

    /** {@code models}: the catalogue as this bot serves it; the model options list them. */
    static List<CommandData> all(List<ModelChoice> models) {
        return List.of(
                Commands.slash(NAME, "Edit images with FLUX (Kontext, FLUX.2), in a thread")
                        .setContexts(InteractionContextType.GUILD, InteractionContextType.BOT_DM)
                        .addSubcommands(
                                new SubcommandData(EDIT, "Edit an image: a thread opens where every reply is the next instruction")
                                        .addOptions(prompt("What to change, e.g. \"make the jacket red\""))
                                        .addOption(OptionType.ATTACHMENT, IMAGE, "The image to edit")
                                        .addOption(OptionType.STRING, URL, "…or an https link to the image")
                                        .addOptions(MORE_IMAGES.stream().map(name -> new OptionData(OptionType.ATTACHMENT, name,
                                                "Image " + name.substring(5) + ", for the instruction to name (\"the hat from image 2\")")).toList())
                                        .addOptions(parameters(models)),
                                new SubcommandData(NEW, "Generate an image from text, then refine it in a thread")
                                        .addOptions(prompt("What to draw"))
                                        .addOptions(parameters(models)),
                                new SubcommandData(SETTINGS, "Show or change the defaults of new sessions here")
                                        .addOptions(new OptionData(OptionType.STRING, SCOPE, "Change them for this channel (default) or the whole server (admins)")
                                                .addChoice("this channel", "channel").addChoice("whole server", "server"))
                                        .addOptions(model(models), variants(), aspectRatio(), guidance(), format()),
                                new SubcommandData(HISTORY, "This thread's session as a picture with its turns, or the sessions of this channel")
                                        .addOptions(new OptionData(OptionType.INTEGER, PAGE, "Which page of a long session's timeline").setMinValue(1))
                                        .addOption(OptionType.BOOLEAN, BEFORE_AFTER, "Show the original beside the current head instead"),
                                new SubcommandData(EXPORT, "This thread's session as a zip: every image and a manifest the playground imports"),
                                new SubcommandData(USAGE, "What images cost here today and this month, and the budgets"),
                                new SubcommandData(HELP, "How to use kontext"))
                        // Discord has no per-group permissions: the group is visible to all, and checked when used.
                        .addSubcommandGroups(AdminOptions.group(models)),
                Commands.message(EDIT_MESSAGE).setContexts(InteractionContextType.GUILD, InteractionContextType.BOT_DM));
    }

    private static OptionData prompt(String description) {
        return new OptionData(OptionType.STRING, PROMPT, description, true, true).setMaxLength(2000);
    }

    private static List<OptionData> parameters(List<ModelChoice> models) {
        return List.of(aspectRatio(), variants(), guidance(),
                new OptionData(OptionType.INTEGER, CommandOptions.SEED, "Same seed, same result").setRequiredRange(0, TurnParams.MAX_SEED),
                format(),
                new OptionData(OptionType.INTEGER, CommandOptions.SAFETY, "Moderation: 0 strictest … 6 permissive (default 2; 0 on BFL only)")
                        .setRequiredRange(TurnParams.MIN_SAFETY, TurnParams.MAX_SAFETY),
                new OptionData(OptionType.BOOLEAN, CommandOptions.ENHANCE, "Let the model rewrite the prompt for detail"),
                model(models));
    }

    private static OptionData aspectRatio() {
        OptionData option = new OptionData(OptionType.STRING, CommandOptions.ASPECT_RATIO, "Output shape (default: the input's)");
        for (AspectRatio ratio : AspectRatio.values()) {
            option.addChoice(ratio.wireName() + " (" + ratio.ratio() + ")", ratio.wireName());
        }
        return option;
    }

    private static OptionData variants() {
        return new OptionData(OptionType.INTEGER, CommandOptions.VARIANTS, "How many variants to make (1-4)").setRequiredRange(1, TurnParams.MAX_IMAGES);
    }

    private static OptionData guidance() {
        return new OptionData(OptionType.NUMBER, CommandOptions.GUIDANCE, "How closely to follow the prompt, 1-20 (default 3.5)").setRequiredRange(1.0, 20.0);
    }

    private static OptionData format() {
        return new OptionData(OptionType.STRING, CommandOptions.FORMAT, "Output file type").addChoice("jpeg", "jpeg").addChoice("png", "png")
                .addChoice("webp", "webp");
    }

    /**
     * The catalogue's models as choices; past Discord's 25 choices, an autocomplete over them
     * ({@link DiscordListener#onCommandAutoCompleteInteraction}).
     */
    static OptionData model(List<ModelChoice> models) {
        OptionData option = new OptionData(OptionType.STRING, CommandOptions.MODEL, "The model (default: this channel's)");
        if (models.size() > OptionData.MAX_CHOICES) {
            return option.setAutoComplete(true);
        }
        for (ModelChoice model : models) {
            option.addChoice(choiceName(model), model.id().id());
        }
        return option;
    }

    /** "flux-2-pro · FLUX.2 [pro]", "(unavailable)" when its provider is not configured here. */
    static String choiceName(ModelChoice model) {
        String name = model.id().id() + " · " + model.label() + (model.available() ? "" : " (unavailable)");
        return name.length() > OptionData.MAX_CHOICE_NAME_LENGTH ? name.substring(0, OptionData.MAX_CHOICE_NAME_LENGTH) : name;
    }
}

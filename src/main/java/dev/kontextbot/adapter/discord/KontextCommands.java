package dev.kontextbot.adapter.discord;

import dev.kontextbot.adapter.chat.commands.Command;
import dev.kontextbot.adapter.chat.commands.CommandCatalogue;
import dev.kontextbot.adapter.chat.commands.Option;
import dev.kontextbot.adapter.chat.commands.Surface;
import dev.kontextbot.adapter.words.Languages;
import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.catalogue.ModelChoice;
import dev.kontextbot.engine.model.AspectRatio;
import dev.kontextbot.engine.model.OutputFormat;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.interactions.DiscordLocale;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandGroupData;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The commands the bot registers, derived from the {@link CommandCatalogue}: {@code /kontext …} with every option,
 * choice and range, its names and descriptions in every language the bot speaks, and the "Edit with Kontext" message
 * menu. The names here are the catalogue's, for the listener's dispatch.
 */
final class KontextCommands {
    static final String NAME = CommandCatalogue.ROOT;
    static final String EDIT = CommandCatalogue.EDIT;
    static final String NEW = CommandCatalogue.NEW;
    static final String SETTINGS = CommandCatalogue.SETTINGS;
    static final String HISTORY = CommandCatalogue.HISTORY;
    static final String HELP = CommandCatalogue.HELP;
    static final String USAGE = CommandCatalogue.USAGE;
    static final String EXPORT = CommandCatalogue.EXPORT;
    static final String EDIT_MESSAGE = CommandCatalogue.EDIT_MESSAGE;
    static final String IMAGE = CommandCatalogue.IMAGE;
    static final String URL = CommandCatalogue.URL;
    static final List<String> MORE_IMAGES = CommandCatalogue.MORE_IMAGES;
    static final String PROMPT = CommandCatalogue.PROMPT;
    static final String SCOPE = CommandCatalogue.SCOPE;
    static final String PAGE = CommandCatalogue.PAGE;
    static final String BEFORE_AFTER = CommandCatalogue.BEFORE_AFTER;

    private final CommandCatalogue catalogue;
    private final Languages languages;

    KontextCommands(CommandCatalogue catalogue, Languages languages) {
        this.catalogue = catalogue;
        this.languages = languages;
    }

    /** {@code models}: the catalogue of models as this bot serves it; the model options list them. */
    List<CommandData> all(List<ModelChoice> models) {
        Command root = catalogue.root();
        SlashCommandData slash = Commands.slash(root.name(), english().say(root.descriptionKey()))
                .setContexts(InteractionContextType.GUILD, InteractionContextType.BOT_DM);
        localise(root.nameKey(), root.descriptionKey(), Map.of(), slash::setNameLocalization, slash::setDescriptionLocalization);
        for (Command sub : root.subcommandsOn(Surface.DISCORD)) {
            if (sub.subcommands().isEmpty()) {
                slash.addSubcommands(subcommand(sub, models));
            } else {
                // Discord has no per-group permissions: the group is visible to all, and checked when used.
                SubcommandGroupData group = new SubcommandGroupData(sub.name(), english().say(sub.descriptionKey()));
                localise(sub.nameKey(), sub.descriptionKey(), Map.of(), group::setNameLocalization, group::setDescriptionLocalization);
                sub.subcommandsOn(Surface.DISCORD).forEach(leaf -> group.addSubcommands(subcommand(leaf, models)));
                slash.addSubcommandGroups(group);
            }
        }
        CommandData message = Commands.message(EDIT_MESSAGE).setContexts(InteractionContextType.GUILD, InteractionContextType.BOT_DM);
        localise(CommandCatalogue.EDIT_MESSAGE_KEY + ".name", null, Map.of(), message::setNameLocalization, (l, d) -> { });
        return List.of(slash, message);
    }

    private SubcommandData subcommand(Command command, List<ModelChoice> models) {
        SubcommandData data = new SubcommandData(command.name(), english().say(command.descriptionKey()));
        localise(command.nameKey(), command.descriptionKey(), Map.of(), data::setNameLocalization, data::setDescriptionLocalization);
        command.options().forEach(option -> data.addOptions(option(option, models)));
        return data;
    }

    private OptionData option(Option option, List<ModelChoice> models) {
        Map<String, Object> range = new HashMap<>();
        if (option.min() != null) range.put("min", option.min());
        if (option.max() != null) range.put("max", option.max());
        OptionData data = new OptionData(type(option.kind()), option.name(), english().say(option.descriptionKey(), range), option.required(),
                option.autocomplete());
        localise(option.key() + ".name", option.descriptionKey(), range, data::setNameLocalization, data::setDescriptionLocalization);
        if (option.kind() == Option.Kind.CHANNEL) {
            data.setChannelTypes(ChannelType.TEXT);
        }
        if (option.maxLength() > 0) {
            data.setMaxLength(option.maxLength());
        }
        if (option.min() != null && option.max() != null) {
            if (option.kind() == Option.Kind.NUMBER) {
                data.setRequiredRange(option.min().doubleValue(), option.max().doubleValue());
            } else {
                data.setRequiredRange(option.min().longValue(), option.max().longValue());
            }
        } else if (option.min() != null) {
            data.setMinValue(option.min().longValue());
        }
        for (String value : option.choices()) {
            data.addChoices(choice(option.choiceKey(value), Map.of(), value));
        }
        switch (option.source()) {
            case NONE -> { }
            case ASPECT_RATIOS -> {
                for (AspectRatio ratio : AspectRatio.values()) {
                    data.addChoice(ratio.wireName() + " (" + ratio.ratio() + ")", ratio.wireName());
                }
            }
            case OUTPUT_FORMATS -> {
                for (OutputFormat format : OutputFormat.values()) {
                    data.addChoice(format.wireName(), format.wireName());
                }
            }
            case MODELS -> {
                // Past Discord's 25 choices, an autocomplete over them (DiscordListener#onCommandAutoCompleteInteraction).
                if (models.size() > OptionData.MAX_CHOICES) {
                    data.setAutoComplete(true);
                } else {
                    models.forEach(model -> data.addChoices(modelChoice(model)));
                }
            }
            case ALLOWED_MODELS -> {
                models.stream().limit(OptionData.MAX_CHOICES - 1).forEach(model ->
                        data.addChoices(choice(option.choiceKey("only"), Map.of("model", model.id().id()), model.id().id())));
                data.addChoices(choice(option.choiceKey("all"), Map.of(), "all"));
            }
        }
        return data;
    }

    private net.dv8tion.jda.api.interactions.commands.Command.Choice choice(String key, Map<String, ?> arguments, String value) {
        var choice = new net.dv8tion.jda.api.interactions.commands.Command.Choice(english().say(key, arguments), value);
        localise(null, key, arguments, (l, n) -> { }, choice::setNameLocalization);
        return choice;
    }

    /** Each language but English (the names and descriptions themselves) gives its own, where its bundle has one. */
    private void localise(String nameKey, String descriptionKey, Map<String, ?> arguments, BiConsumer<DiscordLocale, String> name,
                          BiConsumer<DiscordLocale, String> description) {
        for (Locale locale : languages.spoken()) {
            if (locale.equals(Languages.FALLBACK)) {
                continue;
            }
            Words words = languages.in(locale);
            DiscordLocale discord = DiscordLocale.from(locale);
            if (nameKey != null && words.has(nameKey)) {
                name.accept(discord, words.say(nameKey));
            }
            if (descriptionKey != null) {
                description.accept(discord, words.say(descriptionKey, arguments));
            }
        }
    }

    private Words english() {
        return languages.in(Languages.FALLBACK);
    }

    private static OptionType type(Option.Kind kind) {
        return switch (kind) {
            case TEXT -> OptionType.STRING;
            case WHOLE -> OptionType.INTEGER;
            case NUMBER -> OptionType.NUMBER;
            case YES_NO -> OptionType.BOOLEAN;
            case IMAGE -> OptionType.ATTACHMENT;
            case CHANNEL -> OptionType.CHANNEL;
            case ROLE -> OptionType.ROLE;
        };
    }

    /** A model as a choice, its name in every language (they differ only when it is unavailable here). */
    private net.dv8tion.jda.api.interactions.commands.Command.Choice modelChoice(ModelChoice model) {
        var choice = new net.dv8tion.jda.api.interactions.commands.Command.Choice(choiceName(model, english()), model.id().id());
        if (!model.available()) {
            languages.spoken().stream().filter(locale -> !locale.equals(Languages.FALLBACK))
                    .forEach(locale -> choice.setNameLocalization(DiscordLocale.from(locale), choiceName(model, languages.in(locale))));
        }
        return choice;
    }

    /** "flux-2-pro · FLUX.2 [pro]", "… (unavailable)" when its provider is not configured here. */
    static String choiceName(ModelChoice model, Words words) {
        String name = model.id().id() + " · " + model.label();
        if (!model.available()) {
            name = words.say("models.choice.unavailable", "model", name);
        }
        return name.length() > OptionData.MAX_CHOICE_NAME_LENGTH ? name.substring(0, OptionData.MAX_CHOICE_NAME_LENGTH) : name;
    }
}

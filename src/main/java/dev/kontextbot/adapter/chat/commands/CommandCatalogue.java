package dev.kontextbot.adapter.chat.commands;

import dev.kontextbot.adapter.chat.commands.Option.Kind;
import dev.kontextbot.adapter.chat.commands.Option.Source;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.policy.TenantPolicy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static dev.kontextbot.adapter.chat.commands.Surface.DISCORD;
import static dev.kontextbot.adapter.chat.commands.Surface.SLACK;

/**
 * Every command the bot offers, declared once: Discord's command tree, Slack's {@code /kontext} words and usage hint,
 * the Slack manifest's check and the help on every surface are derived from it. Adding a command that answers the same
 * everywhere: declare it here with its handler ({@link Command#answeredBy}) and give it words in
 * {@code words/commands*.properties}; every surface's bridge answers it. A command that needs a surface's own means
 * (attachments, forms) is handled by each surface through {@link Handlers}.
 */
public final class CommandCatalogue {
    public static final String ROOT = "kontext";
    public static final String EDIT = "edit";
    public static final String NEW = "new";
    public static final String SETTINGS = "settings";
    public static final String HISTORY = "history";
    public static final String TIMELINE = "timeline";
    public static final String EXPORT = "export";
    public static final String USAGE = "usage";
    public static final String HELP = "help";
    public static final String ADMIN = "admin";

    public static final String PROMPT = "prompt";
    public static final String IMAGE = "image";
    public static final String URL = "url";
    /** Images 2..4 of an edit: references its instruction names ("the hat from image 2"). */
    public static final List<String> MORE_IMAGES = List.of("image2", "image3", "image4");
    public static final String SCOPE = "scope";
    public static final String PAGE = "page";
    public static final String BEFORE_AFTER = "before_after";

    public static final String ASPECT_RATIO = "aspect_ratio";
    public static final String VARIANTS = "variants";
    public static final String GUIDANCE = "guidance";
    public static final String SEED = "seed";
    public static final String FORMAT = "format";
    public static final String SAFETY = "safety";
    public static final String ENHANCE = "enhance";
    public static final String MODEL = "model";

    public static final String ADMIN_SHOW = "show";
    public static final String ADMIN_LOG = "log";
    public static final String ADMIN_MODELS = "models";
    public static final String ADMIN_SAFETY = "safety";
    public static final String ADMIN_VOTES = "votes";
    public static final String ADMIN_BUDGET = "budget";
    public static final String ADMIN_CHANNELS = "channels";
    public static final String ADMIN_ROLES = "roles";
    public static final String ADMIN_DEFAULTS = "defaults";
    public static final String ALLOWED = "allowed";
    public static final String MAX = "max";
    public static final String NEEDED = "needed";
    public static final String USER_PER_DAY = "user_per_day";
    public static final String SERVER_PER_MONTH = "server_per_month";
    public static final String RESET = "reset";
    /** A value of an admin's option that gives the rule back to the bot's own (Slack's word, {@code budget user default}). */
    public static final String BOTS_OWN = "default";
    public static final String ADD = "add";
    public static final String REMOVE = "remove";
    public static final String CLEAR = "clear";

    /** The menu entry on a message (Discord: Apps → …; Slack: a message shortcut); its words are under {@code command.edit_message}. */
    public static final String EDIT_MESSAGE = "Edit with Kontext";
    public static final String EDIT_MESSAGE_KEY = "command.edit_message";

    private static final Set<Surface> BOTH = Set.of(DISCORD, SLACK);

    private final Command root;

    public CommandCatalogue() {
        this(List.of());
    }

    /** The bot's commands and {@code more} after them under {@code /kontext} (a test's, a deployment's own). */
    public CommandCatalogue(List<Command> more) {
        List<Command> all = new ArrayList<>(build());
        all.addAll(more);
        this.root = keyed("command", new Command(ROOT, ROOT, BOTH, List.of(), all));
    }

    /** {@code /kontext} and everything under it. */
    public Command root() {
        return root;
    }

    /**
     * On Slack an edit has no word of its own: {@code /kontext <instruction>} edits the channel's latest image. The
     * Slack parser and usage hint read this rather than knowing it themselves.
     */
    public boolean bareOn(Surface surface, Command command) {
        return surface == SLACK && command.name().equals(EDIT);
    }

    /** Each parameter's field name where requests spell out the product's names (the playground's API, session archives). */
    public static final Map<String, String> FIELDS = Map.of(ASPECT_RATIO, "aspect_ratio", VARIANTS, "num_images", GUIDANCE, "guidance_scale",
            SEED, "seed", FORMAT, "output_format", SAFETY, "safety_tolerance", ENHANCE, "enhance_prompt", MODEL, "model");

    /** The parameters a turn takes, in the order the help and the settings answer list them. */
    public static List<Option> parameters() {
        return List.of(
                Option.of(ASPECT_RATIO, Kind.TEXT).from(Source.ASPECT_RATIOS),
                Option.of(VARIANTS, Kind.WHOLE).range(1, TurnParams.MAX_IMAGES),
                Option.of(GUIDANCE, Kind.NUMBER).range(1.0, 20.0),
                Option.of(SEED, Kind.WHOLE).range(0, TurnParams.MAX_SEED),
                Option.of(FORMAT, Kind.TEXT).from(Source.OUTPUT_FORMATS),
                Option.of(SAFETY, Kind.WHOLE).range(TurnParams.MIN_SAFETY, TurnParams.MAX_SAFETY),
                Option.of(ENHANCE, Kind.YES_NO),
                Option.of(MODEL, Kind.TEXT).from(Source.MODELS));
    }

    private static List<Command> build() {
        List<Option> edit = new ArrayList<>(List.of(
                Option.of(PROMPT, Kind.TEXT).asRequired().withAutocomplete().maxLength(2000).words("option.prompt.edit"),
                Option.of(IMAGE, Kind.IMAGE),
                Option.of(URL, Kind.TEXT)));
        MORE_IMAGES.forEach(name -> edit.add(Option.of(name, Kind.IMAGE)));
        edit.addAll(parameters());
        List<Option> generate = Stream.concat(Stream.of(Option.of(PROMPT, Kind.TEXT).asRequired().withAutocomplete().maxLength(2000)
                .words("option.prompt.new")), parameters().stream()).toList();
        List<Option> settings = Stream.concat(Stream.of(Option.of(SCOPE, Kind.TEXT).choices("channel", "server")),
                parameters().stream().filter(o -> Set.of(MODEL, VARIANTS, ASPECT_RATIO, GUIDANCE, FORMAT, SAFETY).contains(o.name()))).toList();
        return List.of(
                leaf(EDIT, BOTH, edit),
                leaf(NEW, BOTH, generate),
                leaf(SETTINGS, BOTH, settings).answeredBy(SettingsCommand::new),
                leaf(HISTORY, BOTH, List.of(Option.of(PAGE, Kind.WHOLE).range(1, null), Option.of(BEFORE_AFTER, Kind.YES_NO))).answeredBy(HistoryCommand::new),
                leaf(TIMELINE, Set.of(SLACK), List.of()).answeredBy(TimelineCommand::new),
                leaf(EXPORT, BOTH, List.of()).answeredBy(ExportCommand::new),
                leaf(USAGE, BOTH, List.of()).answeredBy(UsageCommand::new),
                leaf(HELP, BOTH, List.of()).answeredBy(HelpCommand::new),
                group(ADMIN, BOTH,
                        leaf(ADMIN_SHOW, BOTH, List.of()).answeredBy(AdminShowCommand::new),
                        leaf(ADMIN_LOG, BOTH, List.of()).answeredBy(AdminLogCommand::new),
                        leaf(ADMIN_MODELS, BOTH, List.of(Option.of(ALLOWED, Kind.TEXT).from(Source.ALLOWED_MODELS))).answeredBy(AdminModelsCommand::new),
                        leaf(ADMIN_SAFETY, BOTH, List.of(Option.of(MAX, Kind.WHOLE).range(TurnParams.MIN_SAFETY, TurnParams.MAX_SAFETY))).answeredBy(AdminNumberCommand::safety),
                        leaf(ADMIN_VOTES, BOTH, List.of(Option.of(NEEDED, Kind.WHOLE).range(0, TenantPolicy.MAX_VOTES))).answeredBy(AdminNumberCommand::votes),
                        leaf(ADMIN_BUDGET, BOTH, List.of(Option.of(USER_PER_DAY, Kind.NUMBER).range(0.0, 1_000_000.0),
                                Option.of(SERVER_PER_MONTH, Kind.NUMBER).range(0.0, 1_000_000.0), Option.of(RESET, Kind.YES_NO))).answeredBy(AdminBudgetCommand::new),
                        leaf(ADMIN_CHANNELS, BOTH, List.of(Option.of(ADD, Kind.CHANNEL).words("option.channel.add"),
                                Option.of(REMOVE, Kind.CHANNEL).words("option.channel.remove"), Option.of(CLEAR, Kind.YES_NO).words("option.channel.clear"))).answeredBy(AdminIdsCommand::channels),
                        leaf(ADMIN_ROLES, Set.of(DISCORD), List.of(Option.of(ADD, Kind.ROLE).words("option.role.add"),
                                Option.of(REMOVE, Kind.ROLE).words("option.role.remove"), Option.of(CLEAR, Kind.YES_NO).words("option.role.clear"))).answeredBy(AdminIdsCommand::roles),
                        leaf(ADMIN_DEFAULTS, Set.of(SLACK), List.of())));
    }

    /** Each command's words under its path: {@code command.kontext.admin.budget}. */
    private static Command keyed(String parent, Command command) {
        String key = parent + "." + command.name();
        return new Command(command.name(), key, command.surfaces(), command.options(),
                command.subcommands().stream().map(sub -> keyed(key, sub)).toList(), command.neutral());
    }

    private static Command leaf(String name, Set<Surface> surfaces, List<Option> options) {
        return new Command(name, name, surfaces, options, List.of());
    }

    private static Command group(String name, Set<Surface> surfaces, Command... subcommands) {
        return new Command(name, name, surfaces, List.of(), List.of(subcommands));
    }
}

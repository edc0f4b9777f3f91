package dev.kontextbot.adapter.discord;

import dev.kontextbot.engine.catalogue.ModelChoice;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.policy.TenantPolicy;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandGroupData;

/**
 * {@code /kontext admin show|log|models|safety|votes|budget|channels|roles}: a server's policy, for members with
 * Manage Server. Leaving a setting's option out puts it back to the bot's default.
 */
final class AdminOptions {
    static final String GROUP = "admin";
    static final String SHOW = "show";
    static final String LOG = "log";
    static final String MODELS = "models";
    static final String SAFETY = "safety";
    static final String VOTES = "votes";
    static final String BUDGET = "budget";
    static final String CHANNELS = "channels";
    static final String ROLES = "roles";

    static final String ALLOWED = "allowed";
    static final String MAX = "max";
    static final String NEEDED = "needed";
    static final String USER_PER_DAY = "user_per_day";
    static final String SERVER_PER_MONTH = "server_per_month";
    static final String RESET = "reset";
    static final String ADD = "add";
    static final String REMOVE = "remove";
    static final String CLEAR = "clear";

    private AdminOptions() {
    }

    /** One choice per catalogue model ("flux-2-pro only") and "all"; left out, the command lists the models. */
    private static OptionData allowed(java.util.List<ModelChoice> models) {
        OptionData option = new OptionData(OptionType.STRING, ALLOWED, "Allow only this model, or all (leave out to list them)");
        models.stream().limit(OptionData.MAX_CHOICES - 1).forEach(model -> option.addChoice(model.id().id() + " only", model.id().id()));
        return option.addChoice("all", "all");
    }

    static SubcommandGroupData group(java.util.List<ModelChoice> models) {
        return new SubcommandGroupData(GROUP, "Server admins: where and how kontext may be used here").addSubcommands(
                new SubcommandData(SHOW, "The rules of this server"),
                new SubcommandData(LOG, "The latest changes of the rules: who, when, what"),
                new SubcommandData(MODELS, "The models, who serves them and their prices; or which may be used here")
                        .addOptions(allowed(models)),
                new SubcommandData(SAFETY, "The highest safety_tolerance people may ask for")
                        .addOptions(new OptionData(OptionType.INTEGER, MAX, "0 strictest … 6; leave out for no limit")
                                .setRequiredRange(TurnParams.MIN_SAFETY, TurnParams.MAX_SAFETY)),
                new SubcommandData(VOTES, "How a variant becomes the head by votes")
                        .addOptions(new OptionData(OptionType.INTEGER, NEEDED, "Votes that pick; 0: only the session's owner picks; "
                                + "leave out for the bot's default").setRequiredRange(0, TenantPolicy.MAX_VOTES)),
                new SubcommandData(BUDGET, "Spending limits in dollars (0: none)")
                        .addOptions(new OptionData(OptionType.NUMBER, USER_PER_DAY, "Per person per day (UTC)").setRequiredRange(0.0, 1_000_000.0),
                                new OptionData(OptionType.NUMBER, SERVER_PER_MONTH, "For the whole server per month (UTC)").setRequiredRange(0.0, 1_000_000.0),
                                new OptionData(OptionType.BOOLEAN, RESET, "Back to the bot's default budgets")),
                new SubcommandData(CHANNELS, "Channels where kontext works (none listed: every channel)")
                        .addOptions(new OptionData(OptionType.CHANNEL, ADD, "Allow this channel").setChannelTypes(ChannelType.TEXT),
                                new OptionData(OptionType.CHANNEL, REMOVE, "No longer allow this channel").setChannelTypes(ChannelType.TEXT),
                                new OptionData(OptionType.BOOLEAN, CLEAR, "Allow every channel again")),
                new SubcommandData(ROLES, "Roles allowed to use kontext (none listed: everyone)")
                        .addOptions(new OptionData(OptionType.ROLE, ADD, "Allow this role"),
                                new OptionData(OptionType.ROLE, REMOVE, "No longer allow this role"),
                                new OptionData(OptionType.BOOLEAN, CLEAR, "Allow everyone again")));
    }
}

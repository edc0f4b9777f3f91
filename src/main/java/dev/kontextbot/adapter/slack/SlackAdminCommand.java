package dev.kontextbot.adapter.slack;

import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.adapter.chat.ChatServices;
import dev.kontextbot.adapter.chat.PolicyText;
import dev.kontextbot.adapter.chat.RefusalWords;
import dev.kontextbot.adapter.chat.commands.ChatCommand;
import dev.kontextbot.adapter.chat.commands.Command;
import dev.kontextbot.adapter.chat.commands.ChatReply;
import dev.kontextbot.adapter.chat.commands.ChatRequest;
import dev.kontextbot.adapter.chat.commands.CommandCatalogue;
import dev.kontextbot.adapter.chat.commands.Handlers;
import dev.kontextbot.adapter.chat.commands.Surface;
import dev.kontextbot.engine.model.EngineRejection;
import dev.kontextbot.engine.model.InvalidParameterException;
import dev.kontextbot.engine.policy.TenantPolicies;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /kontext admin …} for workspace admins: the workspace's rules as text subcommands. Runs after the ack
 * (users.info says who is an admin) and answers privately.
 */
final class SlackAdminCommand {
    /** A channel as Slack escapes it (<#C123|name>), or a bare id. */
    private static final Pattern CHANNEL = Pattern.compile("<#([A-Z0-9]+)(?:\\|[^>]*)?>|^([CG][A-Z0-9]{2,})$");

    private final TenantPolicies policies;
    private final RefusalWords refusals;
    private final PolicyText text;

    private final Handlers<Admin> commands;

    SlackAdminCommand(ChatServices core) {
        this.text = PolicyText.on(Surface.SLACK, core.commands());
        this.refusals = new RefusalWords(core.languages(), "slack");
        this.policies = core.policies();
        this.commands = commands(core);
    }

    /** What answers one {@code /kontext admin} word, once the person is known to be a workspace admin; {@code rest}: the words after it. */
    private interface Admin {
        String answer(ChatRequest request, List<String> rest);
    }

    /** What each Slack-specific handler below reads of the request. */
    private interface Edit {
        String answer(Words reader, String team, String channel, String user, List<String> rest);
    }

    private static Admin edit(Edit edit) {
        return (request, rest) -> edit.answer(request.words(), request.tenant(), request.conversation(), request.user(), rest);
    }

    /**
     * The options each neutral admin word takes, read from the words after it as the catalogue names them; a word
     * missing here fails when the handlers are built.
     */
    private static final Map<String, Reading> OPTIONS = Map.of(
            CommandCatalogue.ADMIN_SHOW, (request, rest) -> Map.of(),
            CommandCatalogue.ADMIN_LOG, (request, rest) -> Map.of(),
            CommandCatalogue.ADMIN_SAFETY, (request, rest) -> whole(CommandCatalogue.MAX, number(one(rest, request.words()), "none", "safety", request.words())),
            CommandCatalogue.ADMIN_VOTES, (request, rest) -> whole(CommandCatalogue.NEEDED, number(one(rest, request.words()), "default", "votes", request.words())),
            CommandCatalogue.ADMIN_BUDGET, (request, rest) -> budget(rest, request.words()),
            CommandCatalogue.ADMIN_MODELS, (request, rest) -> rest.isEmpty() ? Map.of() : Map.of(CommandCatalogue.ALLOWED, String.join(" ", rest)),
            CommandCatalogue.ADMIN_CHANNELS, (request, rest) -> channels(rest, request.conversation(), request.words()));

    /** How Slack reads a neutral admin word's options from the words after it. */
    private interface Reading {
        Map<String, String> options(ChatRequest request, List<String> rest);
    }

    /** A neutral word's text, its options read from the words after it; the admin commands answer no file. */
    private static Admin neutral(Command command, ChatCommand handler) {
        Reading options = OPTIONS.get(command.name());
        if (options == null) {
            throw new IllegalStateException("Slack reads no options for /kontext admin " + command.name());
        }
        return (request, rest) -> {
            ChatReply reply = handler.answer(new ChatRequest(request.surface(), request.words(), request.platform(), request.tenant(),
                    request.conversation(), request.user(), request::mayAdminister, options.options(request, rest), request.place()));
            if (reply.file().isPresent()) {
                throw new IllegalStateException("an admin command answered a file");
            }
            return reply.text();
        };
    }

    /** Every {@code /kontext admin} word Slack offers; {@link Handlers} fails on one the catalogue and this disagree on. */
    private Handlers<Admin> commands(ChatServices core) {
        return Handlers.<Admin>of(Surface.SLACK, core.commands().root().subcommand(CommandCatalogue.ADMIN).orElseThrow())
                .answering(core, SlackAdminCommand::neutral)
                .on(CommandCatalogue.ADMIN_DEFAULTS, edit((reader, team, channel, user, rest) -> {
                    policies.changeDefaults(SlackBot.PLATFORM, team, user, SlackParams.parse(rest));
                    return saved(reader, team);
                }))
                .build();
    }

    /** {@code args}: what followed "admin". */
    String answer(ChatRequest request, String args) {
        Words reader = request.words();
        if (!request.mayAdminister()) {
            return reader.say(Surface.SLACK.key("policy.notAdmin"));
        }
        List<String> words = Arrays.stream(args.strip().split("\\s+")).filter(w -> !w.isEmpty()).toList();
        String sub = words.isEmpty() ? CommandCatalogue.ADMIN_SHOW : words.get(0).toLowerCase(Locale.ROOT);
        List<String> rest = words.isEmpty() ? List.of() : words.subList(1, words.size());
        try {
            return commands.get(sub).map(handler -> handler.answer(request, rest)).orElseGet(() -> usage(reader));
        } catch (EngineRejection | InvalidParameterException e) {
            return refusals.explain(e, reader) + "\n" + usage(reader);
        }
    }

    /** How to use {@code /kontext admin}. */
    private static String usage(Words reader) {
        return reader.say("help.slack.admin");
    }

    private String saved(Words reader, String team) {
        return text.saved(reader, policies, SlackBot.PLATFORM, team);
    }

    /** {@code budget default}, {@code budget user <dollars>}, {@code budget workspace <dollars>}; anything else gets the how. */
    private static Map<String, String> budget(List<String> words, Words reader) {
        if (words.size() == 1 && words.get(0).equalsIgnoreCase(CommandCatalogue.BOTS_OWN)) {
            return Map.of(CommandCatalogue.RESET, "true");
        }
        if (words.size() != 2) {
            return Map.of();
        }
        return switch (words.get(0).toLowerCase(Locale.ROOT)) {
            case "user" -> Map.of(CommandCatalogue.USER_PER_DAY, words.get(1));
            case "workspace" -> Map.of(CommandCatalogue.SERVER_PER_MONTH, words.get(1));
            default -> throw invalid(reader.say("slack.admin.budgetFor", "given", words.get(0)));
        };
    }

    /** {@code channels clear}, {@code channels add|remove here|#channel…}; anything else gets the how. */
    private static Map<String, String> channels(List<String> words, String here, Words reader) {
        String action = words.isEmpty() ? "" : words.get(0).toLowerCase(Locale.ROOT);
        if (action.equals(CommandCatalogue.CLEAR)) {
            return Map.of(CommandCatalogue.CLEAR, "true");
        }
        if (!action.equals(CommandCatalogue.ADD) && !action.equals(CommandCatalogue.REMOVE) || words.size() < 2) {
            return Map.of();
        }
        Set<String> ids = new TreeSet<>();
        for (String word : words.subList(1, words.size())) {
            ids.add(word.equalsIgnoreCase("here") ? here : channelId(word, reader));
        }
        return Map.of(action, String.join(" ", ids));
    }

    private static String channelId(String word, Words reader) {
        Matcher m = CHANNEL.matcher(word);
        if (!m.find()) {
            throw invalid(reader.say("slack.admin.notAChannel", "given", word));
        }
        return m.group(1) != null ? m.group(1) : m.group(2);
    }

    /** {@code value} as the option {@code name}; no option for null (the bot's own rule). */
    private static Map<String, String> whole(String name, Integer value) {
        return value == null ? Map.of() : Map.of(name, String.valueOf(value));
    }

    private static String one(List<String> words, Words reader) {
        if (words.size() != 1) {
            throw invalid(reader.say("slack.admin.oneValue"));
        }
        return words.get(0);
    }

    /** A whole number, or null for {@code reset} ("none", "default"): the setting goes back to the bot's. */
    private static Integer number(String word, String reset, String what, Words reader) {
        if (word.equalsIgnoreCase(reset)) {
            return null;
        }
        try {
            return Integer.parseInt(word);
        } catch (NumberFormatException e) {
            throw invalid(reader.say("slack.admin.wholeNumber", "what", what, "reset", reset, "given", word));
        }
    }

    /** {@code worded}: already in the admin's language; these misreadings are Slack's own, of words only Slack types. */
    private static EngineRejection invalid(String worded) {
        return new EngineRejection(EngineRejection.Reason.INVALID, worded);
    }

    /** The command names this answers, as registered. */
    java.util.Set<String> handled() {
        return commands.names();
    }
}

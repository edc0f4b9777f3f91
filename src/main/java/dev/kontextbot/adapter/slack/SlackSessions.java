package dev.kontextbot.adapter.slack;

import dev.kontextbot.adapter.chat.RefusalWords;
import dev.kontextbot.adapter.fetch.PastedLinks;
import dev.kontextbot.adapter.fetch.SafeImageFetcher;
import dev.kontextbot.adapter.words.Words;
import com.slack.api.model.File;
import dev.kontextbot.adapter.chat.FileRefusals;
import dev.kontextbot.adapter.chat.TurnDescriptions;
import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.model.EngineRejection;
import dev.kontextbot.engine.ScopedDefaults;
import dev.kontextbot.engine.model.Conversation;
import dev.kontextbot.engine.model.InvalidParameterException;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.image.UnusableImageException;
import dev.kontextbot.engine.policy.TenantPolicies;
import dev.kontextbot.engine.policy.TenantPolicy;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a Slack message means for the engine: a new session in its thread (with the workspace's and channel's
 * defaults; its first image is edited, the others are images 2..N), or the next instruction of the thread's session
 * (images sent with it are that turn's references; an image sent alone becomes the head). Only in the channels the
 * workspace's admins allow. Failures go back to the person, privately.
 */
final class SlackSessions {
    /** Enough of a file's name to recognise it in an answer. */
    private static final int FILE_NAME = 200;
    private static final Pattern MENTION = Pattern.compile("<@[A-Z0-9]+(\\|[^>]*)?>");

    private final ConversationEngine engine;
    private final SlackLocales locales;
    private final SlackFiles files;
    private final SlackReplies replies;
    private final ScopedDefaults defaults;
    private final TenantPolicies policies;
    private final RefusalWords refusals;
    private final PastedLinks links;

    /** {@code links}: a pasted link's image, remembered as public (never one of Slack's own file URLs). */
    SlackSessions(ConversationEngine engine, SlackFiles files, SlackReplies replies, ScopedDefaults defaults, TenantPolicies policies,
                  RefusalWords refusals, SlackLocales locales, PastedLinks links) {
        this.links = links;
        this.refusals = refusals;
        this.locales = locales;
        this.engine = engine;
        this.files = files;
        this.replies = replies;
        this.defaults = defaults;
        this.policies = policies;
    }

    /** A message someone sent: {@code thread} is the thread it belongs to (its own ts when it starts one). */
    record Incoming(String team, String channel, String thread, String user, String text, List<File> files,
                    String requestKey, ParamOverrides params) {
    }

    static Conversation conversation(String team, String channel, String thread) {
        return new Conversation(SlackBot.PLATFORM, team, channel, thread);
    }

    static String withoutMentions(String text) {
        return text == null ? "" : MENTION.matcher(text).replaceAll("").strip();
    }

    /** Why the bot does not work in this channel (the workspace's admins allow others), or empty. */
    Optional<String> refusal(Words words, String team, String channel) {
        TenantPolicy policy = policies.stored(SlackBot.PLATFORM, team);
        if (policy.allowsChannel(channel)) {
            return Optional.empty();
        }
        return Optional.of(words.say("slack.access.policyChannels", "channels", policy.allowedChannels().stream().limit(5)
                .map(id -> "<#" + id + ">").collect(java.util.stream.Collectors.joining(", "))));
    }

    /** What a new session in this channel starts with, under its first message's own parameters. */
    ParamOverrides defaultsFor(String team, String channel) {
        return defaults.forNewSession(SlackBot.PLATFORM, team, channel);
    }

    Optional<Session> sessionOf(String team, String channel, String thread) {
        return thread == null ? Optional.empty() : engine.sessionIn(conversation(team, channel, thread));
    }

    /** Starts a session in the message's thread, or continues the one already there. */
    void handle(Incoming in) {
        if (engine.turnForRequest(in.requestKey()).isPresent()) {
            return;
        }
        Words words = locales.of(in.user());
        Optional<String> refusal = refusal(words, in.team(), in.channel());
        if (refusal.isPresent()) {
            replies.toPerson(in.channel(), in.thread(), in.user(), refusal.get());
            return;
        }
        try {
            Optional<Session> existing = sessionOf(in.team(), in.channel(), in.thread());
            // A link stands for the image only in a message that shares no files (a file is what the person attached).
            Optional<SlackLinks.Link> link = in.files() == null || in.files().isEmpty() ? SlackLinks.first(in.text()) : Optional.empty();
            Images images = link.map(pasted -> linked(words, pasted)).orElseGet(() -> images(words, in));
            if (images.problem() != null) {
                replies.toPerson(in.channel(), in.thread(), in.user(), images.problem());
                return;
            }
            String instruction = withoutMentions(link.map(pasted -> pasted.without(in.text())).orElse(in.text()));
            if (existing.isPresent()) {
                long sessionId = existing.get().id();
                if (!instruction.isEmpty()) {
                    engine.refine(sessionId, in.user(), instruction, in.params(), images.bytes(), in.requestKey());
                } else if (!images.bytes().isEmpty()) {
                    engine.replaceHead(sessionId, images.bytes().get(0), in.user());
                    if (images.bytes().size() > 1) {
                        replies.toPerson(in.channel(), in.thread(), in.user(), TurnDescriptions.headReplaced(words, images.bytes().size()));
                    }
                }
                return;
            }
            engine.start(ConversationEngine.StartCommand.of(conversation(in.team(), in.channel(), in.thread()), in.user(),
                    images.bytes(), instruction, in.params().over(defaultsFor(in.team(), in.channel())), in.requestKey()));
        } catch (EngineRejection | InvalidParameterException | UnusableImageException e) {
            replies.toPerson(in.channel(), in.thread(), in.user(), refusals.explain(e, locales.of(in.user()).locale()));
        }
    }

    /** The images of a message in its order, or why one of them could not be had. */
    private record Images(List<byte[]> bytes, String problem) {
    }

    /** The image behind a pasted link, fetched safely, or why there is none in the person's words. */
    private Images linked(Words words, SlackLinks.Link link) {
        SafeImageFetcher.Result result = links.fetch(link.url());
        if (result instanceof SafeImageFetcher.Result.Fetched fetched) {
            return new Images(List.of(fetched.bytes()), null);
        }
        return new Images(List.of(), ((SafeImageFetcher.Result.Unusable) result).say(words));
    }

    /**
     * The message's image files, downloaded in order; none and no problem when it has no files. Files but none an
     * image is a problem: the person meant one of them, and the instruction alone would draw something else.
     */
    private Images images(Words words, Incoming in) {
        if (in.files() == null || in.files().isEmpty()) {
            return new Images(List.of(), null);
        }
        List<byte[]> images = new java.util.ArrayList<>();
        for (File file : in.files()) {
            if (file.getMimetype() != null && file.getMimetype().startsWith("image/")) {
                SlackFiles.Download download = files.download(words, file.getUrlPrivate());
                if (download.problem() != null) {
                    return new Images(List.of(), download.problem());
                }
                download.bytes().ifPresent(images::add);
            }
        }
        if (!images.isEmpty()) {
            return new Images(images, null);
        }
        File first = in.files().get(0);
        String name = first.getName() != null ? first.getName() : first.getTitle();
        return new Images(List.of(), FileRefusals.notAnImage(words, name == null ? null : SlackText.escaped(name, FILE_NAME)));
    }
}

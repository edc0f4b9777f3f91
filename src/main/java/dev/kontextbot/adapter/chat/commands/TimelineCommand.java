package dev.kontextbot.adapter.chat.commands;

import dev.kontextbot.adapter.chat.ChatServices;
import dev.kontextbot.adapter.chat.SessionPictures;
import dev.kontextbot.adapter.picture.RenderedPage;
import dev.kontextbot.adapter.words.Words;

/** {@code /kontext timeline}: the first page of the session's timeline picture, captioned with who asked for it. */
public final class TimelineCommand implements ChatCommand {
    private final ChatServices core;

    TimelineCommand(ChatServices core) {
        this.core = core;
    }

    @Override
    public ChatReply answer(ChatRequest request) {
        Words words = request.words();
        return SessionAsked.answer(core.engine(), request, CommandCatalogue.TIMELINE, session -> {
            RenderedPage page = new SessionPictures(core.engine(), core.images()).timeline(words, session.id(), 1);
            return ChatReply.withFile(caption(words, request.user(), page.pageCount()),
                    new ChatFile(SessionPictures.fileName(session.id(), "timeline"), page.png(), session.id()));
        });
    }

    /** "🧭 Timeline, asked for by …", with the page count when there is more than the first; Slack's timeline button says the same. */
    public static String caption(Words words, String user, int pages) {
        return pages > 1 ? words.say("timeline.captionPages", "user", user, "pages", pages) : words.say("timeline.caption", "user", user);
    }
}

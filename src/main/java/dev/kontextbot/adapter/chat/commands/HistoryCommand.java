package dev.kontextbot.adapter.chat.commands;

import dev.kontextbot.adapter.chat.ChatServices;
import dev.kontextbot.adapter.chat.SessionPictures;
import dev.kontextbot.adapter.chat.TurnDescriptions;
import dev.kontextbot.adapter.picture.RenderedPage;
import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.SessionSnapshot;
import dev.kontextbot.engine.model.Session;

import java.util.List;
import java.util.Optional;

/**
 * {@code /kontext history}: where the place is a session (a thread), its turns and its timeline picture (a page of it,
 * or its before/after); elsewhere the newest sessions of the channel, each with its first and last prompt.
 */
final class HistoryCommand implements ChatCommand {
    /** Five sessions' first and last prompts stay a short answer. */
    private static final int RECENT = 5;
    /** A session's newest turns, one line each: the picture shows them all. */
    private static final int TURN_LINES = 15;

    private final ChatServices core;

    HistoryCommand(ChatServices core) {
        this.core = core;
    }

    @Override
    public ChatReply answer(ChatRequest request) {
        Optional<Session> here = request.place().session();
        if (here.isEmpty()) {
            return new ChatReply(request.surface().fit(recent(request)));
        }
        Words words = request.words();
        Surface surface = request.surface();
        long id = here.get().id();
        String turns = turns(request, core.engine().snapshot(id));
        SessionPictures pictures = new SessionPictures(core.engine(), core.images());
        if (request.option(CommandCatalogue.BEFORE_AFTER).map(Boolean::parseBoolean).orElse(false)) {
            return ChatReply.withFile(surface.fit(turns), new ChatFile(SessionPictures.fileName(id, "before-after"), pictures.beforeAfter(words, id), id));
        }
        int page = request.option(CommandCatalogue.PAGE).map(Integer::parseInt).orElse(1);
        RenderedPage picture = pictures.timeline(words, id, page);
        String pages = picture.pageCount() > 1 ? "\n" + surface.fine(words.say("history.page", "page", page, "pages", picture.pageCount())) : "";
        return ChatReply.withFile(surface.fit(turns, pages.length()) + pages,
                new ChatFile(SessionPictures.fileName(id, "timeline-" + page), picture.png(), id));
    }

    private String recent(ChatRequest request) {
        Words words = request.words();
        ChatPlace place = request.place();
        List<SessionSnapshot> recent = core.engine().recentSessions(request.platform(), request.tenant(), request.conversation(), RECENT);
        if (recent.isEmpty()) {
            return words.say(request.surface().key("history.none"));
        }
        StringBuilder text = new StringBuilder(request.surface().bold(words.say("history.recent")));
        for (SessionSnapshot s : recent) {
            List<SessionSnapshot.TurnSnapshot> turns = s.turns();
            String first = turns.isEmpty() ? words.say("history.noTurns") : place.quoted(turns.get(0).turn().prompt());
            String last = turns.size() > 1 ? " … " + place.quoted(turns.get(turns.size() - 1).turn().prompt()) : "";
            long cost = turns.stream().mapToLong(t -> t.turn().costMicros()).sum();
            text.append("\n• ").append(first).append(last).append(" — ").append(words.say("history.turns", "count", turns.size()))
                    .append(", ").append(TurnDescriptions.cost(words, cost));
            place.linkTo(words, s.session()).ifPresent(link -> text.append(" · ").append(link));
        }
        return text.toString();
    }

    private String turns(ChatRequest request, SessionSnapshot snapshot) {
        Words words = request.words();
        ChatPlace place = request.place();
        List<SessionSnapshot.TurnSnapshot> turns = snapshot.turns();
        StringBuilder text = new StringBuilder(request.surface().bold(words.say("history.session")))
                .append(" ").append(words.say("history.turns", "count", turns.size()));
        int from = Math.max(0, turns.size() - TURN_LINES);
        if (from > 0) {
            text.append(" ").append(words.say("history.last", "count", TURN_LINES));
        }
        for (int i = from; i < turns.size(); i++) {
            SessionSnapshot.TurnSnapshot t = turns.get(i);
            text.append("\n").append(i + 1).append(". ").append(t.turn().status().wireName()).append(" ").append(place.quoted(t.turn().prompt()));
            if (!t.variants().isEmpty()) {
                text.append(" — ").append(words.say("history.variants", "count", t.variants().size()));
            }
            if (t.picked() != null) {
                text.append(" · ").append(words.say("history.picked", "number", t.picked() + 1));
            }
            text.append(" · ").append(TurnDescriptions.cost(words, t.turn().costMicros()));
            place.linkToTurn(words, t.turn().id()).ifPresent(link -> text.append(" · ").append(link));
        }
        return text.toString();
    }
}

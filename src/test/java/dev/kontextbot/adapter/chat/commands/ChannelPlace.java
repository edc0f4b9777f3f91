package dev.kontextbot.adapter.chat.commands;

import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.model.Session;

import java.util.Optional;

/** A channel with no session of its own, no links and no uploads: for requests whose handler asks nothing of the place. */
final class ChannelPlace implements ChatPlace {
    @Override
    public Optional<Session> session() {
        return Optional.empty();
    }

    @Override
    public String quoted(String prompt) {
        return "“" + prompt + "”";
    }

    @Override
    public Optional<String> linkTo(Words words, Session session) {
        return Optional.empty();
    }

    @Override
    public Optional<String> linkToTurn(Words words, long turnId) {
        return Optional.empty();
    }

    @Override
    public Optional<String> refusal(Words words) {
        return Optional.empty();
    }

    @Override
    public long maxUploadBytes() {
        return 0;
    }
}

package dev.kontextbot.adapter.chat.commands;

import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.model.Session;

import java.util.Optional;

/**
 * What only the surface knows about where a {@link ChatCommand} was used and how it writes there: which session the
 * place is (a Discord thread is one; a Slack slash command carries no thread), how a prompt is quoted in its markup,
 * how it links to a session's thread or a turn's message, and how large a file it lets the bot upload.
 */
public interface ChatPlace {

    /** The session this place is (a session's thread; Discord's direct messages: the newest there); empty in a channel. */
    Optional<Session> session();

    /** A prompt inside a line of text: quoted, on one line, shortened, its markup escaped. */
    String quoted(String prompt);

    /** A link to {@code session}'s thread, to end its line with; empty where the surface shows none. */
    Optional<String> linkTo(Words words, Session session);

    /** A link to the message that shows the turn {@code turnId}; empty where the surface has none. */
    Optional<String> linkToTurn(Words words, long turnId);

    /** Why the tenant's rules keep sessions from being shown here (a channel they leave out); empty when they do not. */
    Optional<String> refusal(Words words);

    /** The largest file the surface lets the bot upload here. */
    long maxUploadBytes();
}

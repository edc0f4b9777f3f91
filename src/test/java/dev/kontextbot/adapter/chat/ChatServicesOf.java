package dev.kontextbot.adapter.chat;

import dev.kontextbot.adapter.chat.commands.CommandCatalogue;
import dev.kontextbot.adapter.words.Languages;

/** {@link ChatServices} for tests that only build an adapter's handlers: the commands and the words, nothing that runs. */
public final class ChatServicesOf {
    private ChatServicesOf() {
    }

    public static ChatServices commands(CommandCatalogue commands) {
        return new ChatServices(null, null, null, null, null, null, null, null, null, null, Languages.load(), commands, null, null);
    }
}

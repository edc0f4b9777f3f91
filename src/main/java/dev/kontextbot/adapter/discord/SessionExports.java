package dev.kontextbot.adapter.discord;

import dev.kontextbot.adapter.chat.SessionZips;
import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.transfer.SessionExporter;
import net.dv8tion.jda.api.utils.messages.MessageEditData;

/** The export button: the session as a zip for the person who pressed it, when it fits Discord's upload limit. */
final class SessionExports {
    private final SessionZips zips;
    private final long maxUploadBytes;

    SessionExports(SessionExporter exporter, long maxUploadBytes) {
        this.zips = new SessionZips(exporter);
        this.maxUploadBytes = maxUploadBytes;
    }

    long maxUploadBytes() {
        return maxUploadBytes;
    }

    MessageEditData export(Words words, long sessionId) {
        return ChatReplies.edit(zips.zip(words, sessionId, maxUploadBytes, words.say(dev.kontextbot.adapter.chat.commands.Surface.DISCORD.key("export.done"))));
    }
}

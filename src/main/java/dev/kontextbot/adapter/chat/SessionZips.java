package dev.kontextbot.adapter.chat;

import dev.kontextbot.adapter.chat.commands.ChatFile;
import dev.kontextbot.adapter.chat.commands.ChatReply;
import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.transfer.SessionArchive;
import dev.kontextbot.engine.transfer.SessionExporter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * A session as a zip (every image at full quality and its manifest) when it fits what may be uploaded; the archive's
 * size is known before anything is written. For the export command and Discord's export button alike.
 */
public final class SessionZips {
    private final SessionExporter exporter;

    public SessionZips(SessionExporter exporter) {
        this.exporter = exporter;
    }

    /** The zip with {@code done} as its text, or why it is not sent ({@code maxUploadBytes}: the surface's limit here). */
    public ChatReply zip(Words words, long sessionId, long maxUploadBytes, String done) {
        SessionArchive archive = exporter.plan(sessionId);
        if (archive.sizeBytes() > maxUploadBytes) {
            return new ChatReply(words.say("export.tooLarge",
                    "size", String.format(Locale.ROOT, "%.1f", archive.sizeBytes() / 1048576.0), "limit", maxUploadBytes / 1048576));
        }
        ByteArrayOutputStream zip = new ByteArrayOutputStream((int) archive.sizeBytes());
        try {
            exporter.write(archive, zip);
        } catch (IOException e) {
            throw new UncheckedIOException("exporting session " + sessionId + " failed", e);
        }
        return ChatReply.withFile(done, new ChatFile(archive.fileName(), zip.toByteArray(), sessionId));
    }
}

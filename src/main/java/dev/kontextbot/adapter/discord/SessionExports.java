package dev.kontextbot.adapter.discord;

import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.transfer.SessionArchive;
import dev.kontextbot.engine.transfer.SessionExporter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * A session as a zip (every image at full quality and its manifest) for the person who asked, when it fits
 * Discord's upload limit; the archive's size is known before anything is written.
 */
final class SessionExports {
    private final SessionExporter exporter;
    private final long maxUploadBytes;

    SessionExports(SessionExporter exporter, long maxUploadBytes) {
        this.exporter = exporter;
        this.maxUploadBytes = maxUploadBytes;
    }

    long maxUploadBytes() {
        return maxUploadBytes;
    }

    InfoCommands.Answer export(Words words, long sessionId) {
        SessionArchive archive = exporter.plan(sessionId);
        if (archive.sizeBytes() > maxUploadBytes) {
            return InfoCommands.Answer.text(words.say("discord.export.tooLarge",
                    "size", String.format(Locale.ROOT, "%.1f", archive.sizeBytes() / 1048576.0), "limit", maxUploadBytes / 1048576));
        }
        ByteArrayOutputStream zip = new ByteArrayOutputStream((int) archive.sizeBytes());
        try {
            exporter.write(archive, zip);
        } catch (IOException e) {
            throw new UncheckedIOException("exporting session " + sessionId + " failed", e);
        }
        return new InfoCommands.Answer(words.say("discord.export.done"),
                zip.toByteArray(), archive.fileName());
    }
}

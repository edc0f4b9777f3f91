package dev.kontextbot.adapter.discord;

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

    InfoCommands.Answer export(long sessionId) {
        SessionArchive archive = exporter.plan(sessionId);
        if (archive.sizeBytes() > maxUploadBytes) {
            return InfoCommands.Answer.text(String.format(Locale.ROOT, "This session's export is %.1f MB, over the %d MB Discord lets me "
                    + "upload here. Branch from a later variant to export a shorter session.", archive.sizeBytes() / 1048576.0, maxUploadBytes / 1048576));
        }
        ByteArrayOutputStream zip = new ByteArrayOutputStream((int) archive.sizeBytes());
        try {
            exporter.write(archive, zip);
        } catch (IOException e) {
            throw new UncheckedIOException("exporting session " + sessionId + " failed", e);
        }
        return new InfoCommands.Answer("📦 Every image at full quality and a manifest the playground can import (Gallery → Import).",
                zip.toByteArray(), archive.fileName());
    }
}

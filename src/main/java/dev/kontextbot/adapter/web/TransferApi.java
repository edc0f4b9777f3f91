package dev.kontextbot.adapter.web;

import dev.kontextbot.engine.model.Conversation;
import dev.kontextbot.engine.model.Session;
import dev.kontextbot.engine.transfer.SessionArchive;
import dev.kontextbot.engine.transfer.SessionExporter;
import dev.kontextbot.engine.transfer.SessionImporter;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/** A playground session as a zip (docs/playground.md, "Export and import"), and a new session from such a zip. */
final class TransferApi {
    private final SessionExporter exporter;
    private final SessionImporter importer;
    private final ToLongFunction<Context> sessionId;
    private final Supplier<Conversation> newThread;
    private final BiConsumer<Context, Long> sendSession;

    /**
     * {@code sessionId}: the session in the path, refused unless the playground may reach it; {@code newThread}:
     * where an imported session goes; {@code sendSession}: answers with a session as the API shows it.
     */
    TransferApi(SessionExporter exporter, SessionImporter importer, ToLongFunction<Context> sessionId, Supplier<Conversation> newThread,
                BiConsumer<Context, Long> sendSession) {
        this.exporter = exporter;
        this.importer = importer;
        this.sessionId = sessionId;
        this.newThread = newThread;
        this.sendSession = sendSession;
    }

    void export(Context ctx) throws IOException {
        SessionArchive archive = exporter.plan(sessionId.applyAsLong(ctx));
        // From the first byte on the answer is committed: every check was made by plan (it read each image once).
        ctx.contentType("application/zip")
                .header("Content-Disposition", "attachment; filename=\"" + archive.fileName() + "\"")
                .header("Content-Length", Long.toString(archive.sizeBytes()))
                .header("Cache-Control", "no-store");
        exporter.write(archive, ctx.outputStream());
    }

    void importArchive(Context ctx) throws IOException {
        UploadedFile upload = ctx.isMultipartFormData() ? ctx.uploadedFile("file") : null;
        if (upload == null) {
            throw new ApiInputException("playground.input.noArchive");
        }
        Session session;
        try (InputStream in = upload.content()) {
            session = importer.importArchive(in, newThread.get());
        }
        ctx.status(201);
        sendSession.accept(ctx, session.id());
    }
}

package dev.kontextbot.adapter.web;

import dev.kontextbot.adapter.picture.Gallery;
import dev.kontextbot.engine.transfer.SessionExporter;
import dev.kontextbot.engine.transfer.SessionImporter;

/** The engine services behind the playground's gallery, export and import, handed to the server as one. */
public record SessionTools(SessionExporter exporter, SessionImporter importer, Gallery gallery) {
}

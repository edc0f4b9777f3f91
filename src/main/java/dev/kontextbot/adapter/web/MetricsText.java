package dev.kontextbot.adapter.web;

import java.util.function.Supplier;

/** What {@code GET /metrics} serves: a scrape of the process's metrics, written by the metrics library, and its type. */
public record MetricsText(String contentType, Supplier<String> scrape) {
}

package dev.kontextbot.app;

import dev.kontextbot.app.config.ConfigLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The image build's training run for its class archive (AppCDS): a JVM started with
 * {@code -XX:ArchiveClassesAtExit} runs this, and the classes the bot's start loaded are written, parsed and verified,
 * to the archive the ENTRYPOINT maps with {@code -XX:SharedArchiveFile} instead of reading them from the jar again at
 * every start (docs/benchmark.md, "Cold start"). The bot's own start on a throwaway data directory with the offline
 * editor, the bundled settings and none of the environment (no tokens or keys: building the image never reaches the
 * network), one /healthz, then a clean stop.
 */
public final class ClassArchiveTraining {
    private ClassArchiveTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path data = Files.createTempDirectory("kontext-training");
        int status;
        try {
            status = run(data);
        } finally {
            deleteTree(data);
        }
        // The archive is written as the JVM exits, after every thread the start left behind.
        System.exit(status);
    }

    /** 0 when the started bot answered /healthz with 200 (HealthProbe's status otherwise). */
    static int run(Path data) {
        Application app = Application.start(new ConfigLoader(Map.of("KONTEXT_DATA_DIR", data.toString(), "KONTEXT_HTTP_HOST", "127.0.0.1",
                "KONTEXT_HTTP_PORT", "0", "KONTEXT_PROVIDER", "offline")).load());
        try {
            return HealthProbe.probe(HealthProbe.address(Map.of("KONTEXT_HTTP_PORT", Integer.toString(app.httpPort())), "/healthz"));
        } finally {
            app.close();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}

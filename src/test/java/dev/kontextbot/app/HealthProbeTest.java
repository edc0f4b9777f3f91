package dev.kontextbot.app;

import dev.kontextbot.app.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The container's HEALTHCHECK command: 0 while /healthz answers 200, 1 when nothing answers. */
class HealthProbeTest {
    @TempDir
    Path dir;

    @Test
    void exitsZeroForARunningBotAndOneWhenNothingListens() throws Exception {
        Application app = Application.start(new ConfigLoader(Map.of("KONTEXT_DATA_DIR", dir.toString(), "KONTEXT_HTTP_PORT", "0",
                "KONTEXT_PROVIDER", "offline")).load(null, "test"));
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        try {
            assertThat(HealthProbe.probe(HealthProbe.address(Map.of("KONTEXT_HTTP_PORT", Integer.toString(app.httpPort())), "/healthz"))).isZero();
            assertThat(HealthProbe.probe(HealthProbe.address(Map.of("KONTEXT_HTTP_PORT", Integer.toString(app.httpPort())), "/nothing"))).isEqualTo(1);
            assertThat(HealthProbe.probe(HealthProbe.address(Map.of("KONTEXT_HTTP_PORT", Integer.toString(closed)), "/healthz"))).isEqualTo(1);
        } finally {
            app.close();
        }
        assertThat(HealthProbe.address(Map.of(), "/healthz").toString()).isEqualTo("http://127.0.0.1:8080/healthz");
    }
}

package dev.kontextbot.testing;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The test parser is strict enough to trust: it refuses what a Prometheus server would refuse. */
class PrometheusTextTest {
    private static final String GOOD = """
            # HELP t_seconds A histogram.
            # TYPE t_seconds histogram
            t_seconds_bucket{a="x",le="0.1"} 1
            t_seconds_bucket{a="x",le="+Inf"} 2
            t_seconds_count{a="x"} 2
            t_seconds_sum{a="x"} 0.3
            # TYPE c_total counter
            c_total{path="a \\"b\\" \\\\ c"} 3.0
            """;

    @Test
    void readsSamplesLabelsAndEscapes() {
        PrometheusText text = PrometheusText.parse(GOOD);

        assertThat(text.type("t_seconds")).isEqualTo("histogram");
        assertThat(text.sum("t_seconds_count", Map.of("a", "x"))).isEqualTo(2);
        assertThat(text.samples("c_total", Map.of()).get(0).labels()).containsEntry("path", "a \"b\" \\ c");
    }

    @Test
    void refusesWhatAScraperWouldRefuse() {
        assertThatThrownBy(() -> PrometheusText.parse("x 1\n")).hasMessageContaining("no TYPE");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE x gauge\nx{a=\"1} 1\n")).hasMessageContaining("malformed");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE x gauge\nx one\n")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE x gauge\nx 1\nx 2\n")).hasMessageContaining("twice");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE x gauge\nx 1")).hasMessageContaining("line feed");
        assertThatThrownBy(() -> PrometheusText.parse(GOOD.replace("le=\"+Inf\"} 2", "le=\"+Inf\"} 0"))).hasMessageContaining("cumulative");
        assertThatThrownBy(() -> PrometheusText.parse(GOOD.replace("t_seconds_count{a=\"x\"} 2", "t_seconds_count{a=\"x\"} 3")))
                .hasMessageContaining("_count");
    }
}

package dev.kontextbot.bench;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark's realistic link and model times are what their figures say they are. */
class LinkTest {
    @Test
    void anUploadTakesItsSizeOverTheLinksRate() throws Exception {
        byte[] body = new byte[500_000];
        long start = System.nanoTime();
        long read = Link.HOME.upload(new ByteArrayInputStream(body)).transferTo(OutputStream.nullOutputStream());
        long took = System.nanoTime() - start;

        assertThat(read).isEqualTo(body.length);
        // 500 kB at 20 Mbit/s is 200 ms; the last chunk's wait is all that may be missing.
        assertThat(Duration.ofNanos(took)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
    }

    @Test
    void aDownloadIsPacedAtItsOwnRateAndArrivesWhole() throws Exception {
        byte[] body = new byte[1_000_000];
        body[999_999] = 7;
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        long start = System.nanoTime();
        Link.HOME.download(received).write(body);
        long took = System.nanoTime() - start;

        assertThat(received.toByteArray()).isEqualTo(body);
        // 1 MB at 100 Mbit/s is 80 ms.
        assertThat(Duration.ofNanos(took)).isGreaterThanOrEqualTo(Duration.ofMillis(75));
    }

    @Test
    void modelTimesHaveTheirMedianAndNinetiethPercentileAndRepeat() {
        List<Long> draws = draws(JobDurations.logNormal(Duration.ofSeconds(2), Duration.ofSeconds(5), 15), 20_000);
        Percentiles times = Percentiles.of(draws);

        assertThat(times.at(50)).isBetween(1_900_000_000L, 2_100_000_000L);
        assertThat(times.at(90)).isBetween(4_700_000_000L, 5_300_000_000L);
        assertThat(draws(JobDurations.logNormal(Duration.ofSeconds(2), Duration.ofSeconds(5), 15), 100)).isEqualTo(draws.subList(0, 100));
    }

    private static List<Long> draws(JobDurations durations, int count) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(durations.next().toNanos());
        }
        return out;
    }
}

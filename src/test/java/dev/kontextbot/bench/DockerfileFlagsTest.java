package dev.kontextbot.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dockerfile's class archive (docs/benchmark.md, "Cold start"), read as text: its training run is the ENTRYPOINT's
 * JVM with the same flags, writing the archive the ENTRYPOINT maps from the jar it runs, made once that jar is in
 * place; and the benchmark's child JVMs on another class path are given the flags without it.
 */
class DockerfileFlagsTest {
    private static final String WRITE = "-XX:ArchiveClassesAtExit=" + DockerfileFlags.IMAGE_ARCHIVE;
    private static final String MAP = "-XX:SharedArchiveFile=" + DockerfileFlags.IMAGE_ARCHIVE;

    @Test
    void theTrainingRunHasTheEntrypointsFlagsAndWritesTheArchiveTheEntrypointMaps() throws Exception {
        List<String> training = DockerfileFlags.trainingCommand();
        List<String> entrypoint = DockerfileFlags.entrypointFlags();

        assertThat(training.get(0)).isEqualTo("java");
        assertThat(training.subList(training.size() - 3, training.size()))
                .containsExactly("-cp", DockerfileFlags.IMAGE_JAR, DockerfileFlags.TRAINING_MAIN);
        assertThat(entrypoint).contains(MAP);
        List<String> trainingFlags = new ArrayList<>(training.subList(1, training.size() - 3));
        assertThat(trainingFlags.remove(WRITE)).as("the training run writes " + DockerfileFlags.IMAGE_ARCHIVE).isTrue();
        List<String> entrypointFlags = new ArrayList<>(entrypoint);
        entrypointFlags.remove(MAP);
        assertThat(trainingFlags).as("the training run's flags are the ENTRYPOINT's").isEqualTo(entrypointFlags);
        assertThat(Class.forName(DockerfileFlags.TRAINING_MAIN).getMethod("main", String[].class)).isNotNull();
    }

    @Test
    void theArchiveIsMadeAfterTheJarAndTheSettingsAreInPlace() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("Dockerfile"));
        int training = indexOf(lines, "RUN [\"java\", \"" + WRITE);
        // The archive holds to the jar's path, size and time: a jar changed after it would only start slower, silently.
        assertThat(training).isGreaterThan(indexOf(lines, "COPY --from=build /src/target/kontext-bot.jar " + DockerfileFlags.IMAGE_JAR));
        assertThat(training).isGreaterThan(indexOf(lines, "COPY config/application.yaml /app/config/application.yaml"));
        assertThat(lines.subList(training + 1, lines.size())).noneMatch(line -> line.startsWith("COPY") && line.contains(DockerfileFlags.IMAGE_JAR));
    }

    @Test
    void theBenchmarksJarRunsMapItsOwnArchiveAndOtherClassPathsNone() throws Exception {
        Path archive = Path.of("/tmp/bench/kontext-bot.jsa");
        Path jar = Path.of("/tmp/bench/kontext-bot.jar");

        assertThat(DockerfileFlags.forJar(1024, archive)).startsWith("-XX:MaxRAM=1024m").contains("-XX:SharedArchiveFile=" + archive)
                .doesNotContain(MAP);
        assertThat(DockerfileFlags.inBudget(1024)).startsWith("-XX:MaxRAM=1024m").noneMatch(flag -> flag.startsWith("-XX:SharedArchiveFile="))
                .contains("-XX:+UseSerialGC");
        assertThat(DockerfileFlags.trainingRun(1024, jar, archive)).startsWith("-XX:MaxRAM=1024m", "-XX:ArchiveClassesAtExit=" + archive)
                .endsWith("-cp", jar.toString(), DockerfileFlags.TRAINING_MAIN);
    }

    private static int indexOf(List<String> lines, String start) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(start)) {
                return i;
            }
        }
        throw new AssertionError("the Dockerfile has no line starting " + start);
    }
}

package dev.kontextbot.app;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dockerfile, read as text (no Docker engine where the tests run): multi-stage, non-root, a HEALTHCHECK whose class
 * exists, and a .dockerignore that keeps the local build and people's data out of the build context.
 */
class DockerfileTest {
    private static final Path DOCKERFILE = Path.of("Dockerfile");
    private static final Path DOCKERIGNORE = Path.of(".dockerignore");

    @Test
    void theImageIsBuiltInTwoStagesAndRunsAsANonRootUser() throws Exception {
        List<String> lines = Files.readAllLines(DOCKERFILE);
        List<String> froms = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
        int lastFrom = lines.indexOf(froms.get(froms.size() - 1));
        List<String> runtime = lines.subList(lastFrom, lines.size());

        assertThat(froms).hasSize(2);
        assertThat(froms.get(0)).contains(" AS build");
        assertThat(runtime).anyMatch(l -> l.startsWith("COPY --from=build "));
        assertThat(runtime.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElseThrow())
                .isEqualTo("USER 10001");
        assertThat(runtime).anyMatch(l -> l.contains("--uid 10001"));
    }

    @Test
    void theHealthCheckRunsAClassOfTheJar() throws Exception {
        String text = Files.readString(DOCKERFILE);
        Matcher check = Pattern.compile("HEALTHCHECK [^\\n]*\\\\\\n\\s*CMD \\[(.*)]").matcher(text);

        assertThat(check.find()).as("a HEALTHCHECK with an exec-form CMD").isTrue();
        assertThat(check.group(1)).contains("\"java\"").contains("/app/kontext-bot.jar");
        Matcher mainClass = Pattern.compile("\"(dev\\.kontextbot\\.[\\w.]+)\"").matcher(check.group(1));
        assertThat(mainClass.find()).isTrue();
        assertThat(Class.forName(mainClass.group(1)).getMethod("main", String[].class)).isNotNull();
    }

    @Test
    void theBuildContextHoldsWhatTheBuildCopiesAndNeitherTargetNorData() throws Exception {
        List<String> rules = Files.readAllLines(DOCKERIGNORE).stream().map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();

        assertThat(rules.get(0)).as("everything is excluded unless named").isEqualTo("*");
        assertThat(rules).contains("**/target/", "**/data/").doesNotContain("!target/", "!data/");
        Matcher copies = Pattern.compile("(?m)^COPY (?!--from)(\\S+) ").matcher(Files.readString(DOCKERFILE));
        while (copies.find()) {
            String source = copies.group(1).split("/")[0];
            assertThat(rules).as("COPY " + copies.group(1) + " is in the build context").anyMatch(r -> r.equals("!" + source) || r.equals("!" + source + "/"));
            assertThat(Path.of(source)).exists();
        }
    }

    @Test
    void theBotRunsWithTheMemoryFlagsItsBenchmarkMeasures() throws Exception {
        String text = Files.readString(DOCKERFILE);
        Matcher entrypoint = Pattern.compile("(?m)^ENTRYPOINT \\[(.*)]$").matcher(text);

        assertThat(entrypoint.find()).isTrue();
        // Half the container as heap leaves the other half for class metadata, code, stacks and malloc (docs/benchmark.md).
        assertThat(entrypoint.group(1)).contains("\"-XX:+UseSerialGC\"", "\"-XX:MaxRAMPercentage=50\"", "\"-jar\"");
        assertThat(text).containsPattern("(?m)^\\s+MALLOC_ARENA_MAX=2$");
    }
}

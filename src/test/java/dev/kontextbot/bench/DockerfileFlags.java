package dev.kontextbot.bench;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JVM flags and environment the image runs the bot with, read from the Dockerfile (its ENTRYPOINT between
 * {@code java} and {@code -jar}, and its ENV lines), so the benchmark's memory figures are the image's.
 * {@code -XX:MaxRAM} stands in for the container's memory limit, which a JVM outside a container cannot see.
 */
final class DockerfileFlags {
    private DockerfileFlags() {
    }

    static List<String> inBudget(long megabytes) throws IOException {
        List<String> flags = new ArrayList<>(entrypointFlags());
        flags.add(0, "-XX:MaxRAM=" + megabytes + "m");
        return flags;
    }

    static List<String> entrypointFlags() throws IOException {
        String entrypoint = Files.readAllLines(Path.of("Dockerfile")).stream().filter(line -> line.startsWith("ENTRYPOINT "))
                .reduce((first, last) -> last).orElseThrow(() -> new IllegalStateException("the Dockerfile has no ENTRYPOINT"));
        List<String> command = List.of(new ObjectMapper().readValue(entrypoint.substring("ENTRYPOINT ".length()), String[].class));
        return command.subList(1, command.indexOf("-jar"));
    }

    /** {@code MALLOC_ARENA_MAX} and the like: ENV lines of the runtime stage that are not the bot's own settings. */
    static Map<String, String> environment() throws IOException {
        String text = Files.readString(Path.of("Dockerfile"));
        java.util.regex.Matcher arena = java.util.regex.Pattern.compile("MALLOC_ARENA_MAX=(\\d+)").matcher(text);
        return arena.find() ? Map.of("MALLOC_ARENA_MAX", arena.group(1)) : Map.of();
    }
}

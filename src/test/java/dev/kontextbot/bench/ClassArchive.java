package dev.kontextbot.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The class archive the image build makes from its jar, made the same way from the benchmark's jar: the Dockerfile's
 * training run (its RUN line, with this jar and archive for the image's paths) in the flags' memory budget.
 */
final class ClassArchive {
    private ClassArchive() {
    }

    static Path train(Path jar, Path dir, long budgetMb) throws Exception {
        Files.createDirectories(dir);
        Path archive = dir.resolve("kontext-bot.jsa");
        Path log = dir.resolve("training.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(DockerfileFlags.trainingRun(budgetMb, jar, archive));
        Process training = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!training.waitFor(5, TimeUnit.MINUTES)) {
            training.destroyForcibly().waitFor();
            throw new IllegalStateException("the class archive's training run did not finish within 5 minutes: " + Files.readString(log));
        }
        if (training.exitValue() != 0 || !Files.isRegularFile(archive)) {
            throw new IllegalStateException("the class archive's training run failed (exit " + training.exitValue() + "): " + Files.readString(log));
        }
        return archive;
    }
}

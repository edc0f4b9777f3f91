package dev.kontextbot.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The image build's training run for the class archive: the bot's real start on the data directory given, then a stop. */
class ClassArchiveTrainingTest {
    @TempDir
    Path data;

    @Test
    void startsTheBotOnTheGivenDataAnswersHealthzAndStops() {
        assertThat(ClassArchiveTraining.run(data)).isZero();

        // The start it trained on was the whole one: the database created and migrated where it was told.
        assertThat(data.resolve("kontext.mv.db")).isRegularFile();
        assertThat(data.resolve("images")).isDirectory();
    }
}

package dev.kontextbot.store;

import dev.kontextbot.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** A test of the store on its own migrated database (H2 in its folder, or PostgreSQL in CI), with room for eight at once. */
abstract class DatabaseTest {
    @TempDir
    Path dir;
    Database database;

    @BeforeEach
    void openDatabase() {
        database = TestDatabases.open(dir, 8);
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }
}

package dev.kontextbot.adapter.chat;

import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.kontextbot.adapter.words.TestWords.ENGLISH;

/** The one place Discord and Slack take their words from when the bot failed on its side. */
class ApologyTest {
    @Test
    void aDatabaseOutOfReachGetsItsOwnApologyAndAnyOtherFailureTheGeneralOne() {
        // As the pool reports an outage, wrapped by the store's library; and as PostgreSQL's driver reports a cut connection.
        RuntimeException noConnection = new DataAccessException("Error getting connection from data source",
                new SQLTransientConnectionException("kontext-db - Connection is not available, request timed out after 3000ms."));
        RuntimeException cut = new IllegalStateException("reading the session", new DataAccessException("SQL [select 1]",
                new SQLException("An I/O error occurred while sending to the backend.", "08006")));
        RuntimeException constraint = new DataAccessException("SQL [insert]", new SQLException("duplicate key", "23505"));

        assertThat(Apology.forFailure(ENGLISH, noConnection)).isEqualTo(Apology.databaseUnavailable(ENGLISH));
        assertThat(Apology.forFailure(ENGLISH, cut)).isEqualTo(Apology.databaseUnavailable(ENGLISH));
        assertThat(Apology.forFailure(ENGLISH, constraint)).isEqualTo(Apology.sorry(ENGLISH));
        assertThat(Apology.forFailure(ENGLISH, new NullPointerException())).isEqualTo(Apology.sorry(ENGLISH));
    }
}

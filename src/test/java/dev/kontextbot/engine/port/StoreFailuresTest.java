package dev.kontextbot.engine.port;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** An image store out of reach is told apart like a database out of reach, however deep it is wrapped. */
class StoreFailuresTest {

    @Test
    void anUnavailableImageStoreCountsAsTheStoreBeingAway() {
        var unavailable = new ImageStoreUnavailable("reading image ab failed: the image bucket 'b' at http://127.0.0.1:9 is unavailable",
                new IOException("Connection refused"));
        RuntimeException wrapped = new IllegalStateException("storing the result", unavailable);

        assertThat(StoreFailures.isUnreachable(wrapped)).isTrue();
        assertThat(StoreFailures.isDatabaseError(wrapped)).isTrue();
        assertThat(StoreFailures.summary(wrapped)).isEqualTo("ImageStoreUnavailable: " + unavailable.getMessage());
    }

    @Test
    void otherFailuresAreNeither() {
        RuntimeException plain = new IllegalStateException("a bug", new IOException("disk full"));

        assertThat(StoreFailures.isUnreachable(plain)).isFalse();
        assertThat(StoreFailures.isDatabaseError(plain)).isFalse();
        assertThat(StoreFailures.isDatabaseError(new RuntimeException(new SQLException("refused", "23505")))).isTrue();
    }
}

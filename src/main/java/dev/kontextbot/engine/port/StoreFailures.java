package dev.kontextbot.engine.port;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a failure says about the database behind the store ports. The store's library wraps the driver's exception, so
 * both questions look for a {@link SQLException} down the chain of causes (a JDK type: the engine stays free of the
 * store's library). An object store that cannot be reached ({@link ImageStoreUnavailable}) counts as the database
 * being away: the same waiting and the same words apply.
 */
public final class StoreFailures {
    /** PostgreSQL's SQLSTATEs for a server going away: admin shutdown, crash shutdown, cannot connect now. */
    private static final Set<String> SERVER_GOING_AWAY = java.util.Set.of("57P01", "57P02", "57P03");

    private StoreFailures() {
    }

    /** What is out of reach, for the words a person is told: the database, or the image store (a bucket). */
    public enum Away {
        DATABASE, IMAGE_STORE
    }

    /** What {@code failure} says is out of reach; empty when it is no such failure (see {@link #isUnreachable}). */
    public static Optional<Away> away(Throwable failure) {
        if (imageStoreCause(failure) != null) {
            return Optional.of(Away.IMAGE_STORE);
        }
        return isUnreachable(failure) ? Optional.of(Away.DATABASE) : Optional.empty();
    }

    /** Whether the database failed the call: reading or writing the turn again later may well succeed. */
    public static boolean isDatabaseError(Throwable failure) {
        return sqlCause(failure) != null || imageStoreCause(failure) != null;
    }

    /**
     * Whether the database cannot be reached at all (no connection from the pool, a connection cut, a server shutting
     * down), rather than refusing one statement: then a person is told to try again in a minute.
     */
    public static boolean isUnreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ImageStoreUnavailable) {
                return true;
            }
            if (t instanceof SQLTransientConnectionException || t instanceof SQLRecoverableException
                    || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState().toUpperCase(Locale.ROOT);
                // Class 08 is "connection exception" in the SQL standard, for every driver.
                if (state.startsWith("08") || SERVER_GOING_AWAY.contains(state)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A short line for the log: the driver's exception and SQLSTATE, not the statement's text (it can be long). */
    public static String summary(Throwable failure) {
        SQLException sql = sqlCause(failure);
        ImageStoreUnavailable images = imageStoreCause(failure);
        if (sql == null && images != null) {
            return images.getClass().getSimpleName() + ": " + images.getMessage();
        }
        return sql == null ? failure.getClass().getSimpleName()
                : sql.getClass().getSimpleName() + " SQLSTATE " + sql.getSQLState() + ": " + String.valueOf(sql.getMessage()).split("\n")[0];
    }

    private static ImageStoreUnavailable imageStoreCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ImageStoreUnavailable unavailable) {
                return unavailable;
            }
        }
        return null;
    }

    private static SQLException sqlCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }
}

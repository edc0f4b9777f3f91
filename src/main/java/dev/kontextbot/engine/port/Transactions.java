package dev.kontextbot.engine.port;

import java.util.function.Supplier;

/** Runs several repository calls as one unit: all of them are stored, or none. */
public interface Transactions {
    <T> T inTransaction(Supplier<T> work);

    default void run(Runnable work) {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }
}

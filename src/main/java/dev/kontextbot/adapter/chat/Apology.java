package dev.kontextbot.adapter.chat;

import dev.kontextbot.engine.port.StoreFailures;

/** What a person is told when the bot failed on its side, on every platform (the playground's API too). */
public final class Apology {
    public static final String SORRY = "Something went wrong on my side; nothing was changed. Please try again.";
    /** The database is away (an outage, a restart): nothing the person did, and it passes. */
    public static final String DATABASE_UNAVAILABLE = "The bot's database is unavailable right now; nothing was changed. Please try again in a minute.";

    private Apology() {
    }

    /** The apology for {@code failure}: the database's own when it is out of reach, else the general one. */
    public static String forFailure(Throwable failure) {
        return StoreFailures.isUnreachable(failure) ? DATABASE_UNAVAILABLE : SORRY;
    }
}

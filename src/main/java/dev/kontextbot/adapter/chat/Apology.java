package dev.kontextbot.adapter.chat;

import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.port.StoreFailures;

/** What a person is told when the bot failed on its side, on every platform (the playground's API too). */
public final class Apology {
    private Apology() {
    }

    public static String sorry(Words words) {
        return words.say("apology.sorry");
    }

    /** The database is away (an outage, a restart): nothing the person did, and it passes. */
    public static String databaseUnavailable(Words words) {
        return words.say("apology.databaseUnavailable");
    }

    /** The image store is away (a bucket that does not answer): the session is safe, and it passes. */
    public static String imagesUnavailable(Words words) {
        return words.say("apology.imagesUnavailable");
    }

    /** The apology for {@code failure}: the database's or the image store's own when it is out of reach, else the general one. */
    public static String forFailure(Words words, Throwable failure) {
        return StoreFailures.away(failure).map(away -> switch (away) {
            case DATABASE -> databaseUnavailable(words);
            case IMAGE_STORE -> imagesUnavailable(words);
        }).orElseGet(() -> sorry(words));
    }
}

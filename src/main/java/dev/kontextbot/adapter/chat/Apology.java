package dev.kontextbot.adapter.chat;

/** What a person is told when the bot failed on its side, on every platform. */
public final class Apology {
    public static final String SORRY = "Something went wrong on my side; nothing was changed. Please try again.";

    private Apology() {
    }
}

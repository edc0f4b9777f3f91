package dev.kontextbot.engine.port;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a provider sent for the inputs of one turn's submission, in bytes on the wire (image payloads: a data URI's
 * length, an uploaded file's size, a URL's length). The engine stores the sum with the turn.
 */
public final class SentBytes {
    private final AtomicLong total = new AtomicLong();

    public void add(long bytes) {
        total.addAndGet(bytes);
    }

    public long total() {
        return total.get();
    }
}

package dev.kontextbot.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * When each new entry of a fake's growing call list showed up, watched every few milliseconds: for tests of how
 * often the bot calls a rate-limited API, without the fakes having to stamp their calls.
 */
public final class ArrivalTimes<T> implements AutoCloseable {
    public record Arrival<T>(T item, long nanos) {
    }

    private final List<Arrival<T>> arrivals = new CopyOnWriteArrayList<>();
    private final Thread watcher;
    private volatile boolean open = true;

    public ArrivalTimes(Supplier<List<T>> calls) {
        watcher = new Thread(() -> {
            int seen = 0;
            while (open) {
                List<T> now = calls.get();
                long at = System.nanoTime();
                for (int i = seen; i < now.size(); i++) {
                    arrivals.add(new Arrival<>(now.get(i), at));
                }
                seen = now.size();
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "arrival-times");
        watcher.setDaemon(true);
        watcher.start();
    }

    public List<Arrival<T>> arrivals() {
        return new ArrayList<>(arrivals);
    }

    @Override
    public void close() {
        open = false;
        watcher.interrupt();
    }
}

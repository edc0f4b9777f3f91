package dev.kontextbot.adapter.discord.fake;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * The REST calls in arrival order. {@link #await} hands out each call at most once, earliest first, so a test
 * that awaits the same route twice gets the first and then the second call, and awaits in sequence read as the
 * order the bot acted in.
 */
final class CallRecorder {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition added = lock.newCondition();
    private final List<RecordedCall> calls = new ArrayList<>();
    private final List<Boolean> consumed = new ArrayList<>();

    /** Numbers the call by arrival and keeps it. */
    RecordedCall add(RecordedCall call) {
        lock.lock();
        try {
            call = call.withSeq(calls.size() + 1);
            calls.add(call);
            consumed.add(false);
            added.signalAll();
            return call;
        } finally {
            lock.unlock();
        }
    }

    List<RecordedCall> all() {
        lock.lock();
        try {
            return List.copyOf(calls);
        } finally {
            lock.unlock();
        }
    }

    RecordedCall await(String method, String pathRegex, Duration timeout) {
        Pattern path = Pattern.compile(pathRegex);
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                for (int i = 0; i < calls.size(); i++) {
                    RecordedCall call = calls.get(i);
                    if (!consumed.get(i) && call.method().equalsIgnoreCase(method) && path.matcher(call.path()).matches()) {
                        consumed.set(i, true);
                        return call;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no " + method + " " + pathRegex + " within " + timeout + "; calls so far:\n  "
                            + String.join("\n  ", calls.stream().map(RecordedCall::toString).toList()));
                }
                added.await(left, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + method + " " + pathRegex, e);
        } finally {
            lock.unlock();
        }
    }
}

package dev.kontextbot.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** For races: n calls on n threads, released at the same instant once every thread is ready. */
public final class AtOnce {
    /** The i-th call of a burst. */
    public interface Call<T> {
        T run(int i) throws Exception;
    }

    private AtOnce() {
    }

    /** Runs {@code call} for 0..n-1 at once and returns the answers in that order; a call that throws fails the burst. */
    public static <T> List<T> run(int n, Call<T> call) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch ready = new CountDownLatch(n);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                results.add(threads.submit(() -> {
                    ready.countDown();
                    go.await();
                    return call.run(k);
                }));
            }
            ready.await();
            go.countDown();
            List<T> answers = new ArrayList<>();
            for (Future<T> result : results) {
                answers.add(result.get(30, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            threads.shutdownNow();
        }
    }
}

package dev.kontextbot.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time the whole machine spent busy (Linux's /proc/stat, all cores), so that a part can tell how much of the
 * machine other processes took while it ran: on a shared machine a throughput figure halves when others take a core,
 * and that is not the code's doing.
 */
final class MachineCpu {
    /** /proc/stat counts in USER_HZ ticks, 100 a second on every Linux the benchmark runs on. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private MachineCpu() {
    }

    /** Busy CPU time of all cores so far, in nanoseconds (everything but idle and I/O wait); -1 where /proc/stat is missing. */
    static long busy() {
        Path stat = Path.of("/proc/stat");
        if (!Files.isReadable(stat)) {
            return -1;
        }
        try {
            String[] fields = Files.readAllLines(stat).get(0).trim().split("\\s+");
            long total = 0;
            // cpu user nice system idle iowait irq softirq steal (guest time is counted in user already).
            for (int i = 1; i <= Math.min(8, fields.length - 1); i++) {
                total += Long.parseLong(fields[i]);
            }
            return (total - Long.parseLong(fields[4]) - Long.parseLong(fields[5])) * NANOS_PER_TICK;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("/proc/stat unreadable", e);
        }
    }
}

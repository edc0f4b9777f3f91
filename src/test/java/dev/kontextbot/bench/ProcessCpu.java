package dev.kontextbot.bench;

import java.lang.management.ManagementFactory;

final class ProcessCpu {
    private ProcessCpu() {
    }

    /** CPU time of this whole process so far, in nanoseconds (all threads: JIT and GC included). */
    static long process() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}

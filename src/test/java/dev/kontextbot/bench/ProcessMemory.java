package dev.kontextbot.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory as Linux counts it for a process: now (VmRSS) and at its highest so far (VmHWM), in MB. */
final class ProcessMemory {
    private ProcessMemory() {
    }

    static double residentMb(String pid) throws IOException {
        return field(pid, "VmRSS:");
    }

    static double peakResidentMb(String pid) throws IOException {
        return field(pid, "VmHWM:");
    }

    private static double field(String pid, String name) throws IOException {
        String line = Files.readAllLines(Path.of("/proc", pid, "status")).stream().filter(l -> l.startsWith(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("/proc/" + pid + "/status has no " + name));
        return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]) / 1024.0;
    }
}

package dev.kontextbot.engine;

/** Lets tests outside the engine read an instruction's flags as the engine does (the reader is the engine's own). */
public final class FlagReading {
    private FlagReading() {
    }

    public static void read(String instruction) {
        new InstructionFlags().read(instruction);
    }
}

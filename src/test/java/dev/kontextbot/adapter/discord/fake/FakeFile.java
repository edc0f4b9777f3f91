package dev.kontextbot.adapter.discord.fake;

/** A file a fake user attaches to a message or to an attachment option; the fake serves its bytes over loopback. */
public record FakeFile(String filename, String contentType, byte[] bytes) {
    public static FakeFile png(String filename, byte[] bytes) {
        return new FakeFile(filename, "image/png", bytes);
    }

    public static FakeFile jpeg(String filename, byte[] bytes) {
        return new FakeFile(filename, "image/jpeg", bytes);
    }
}

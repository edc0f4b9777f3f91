package dev.kontextbot.adapter.chat;

/** What a person is told about a file they sent that the bot cannot use, on every platform. */
public final class FileRefusals {
    private FileRefusals() {
    }

    public static String notAnImage(String fileName) {
        return "“" + (fileName == null || fileName.isBlank() ? "That file" : fileName) + "” is not an image; attach a JPG, PNG, WebP, GIF or AVIF.";
    }
}

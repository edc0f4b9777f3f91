package dev.kontextbot.adapter.chat;

import dev.kontextbot.adapter.words.Words;

/** What a person is told about a file they sent that the bot cannot use, on every platform. */
public final class FileRefusals {
    private FileRefusals() {
    }

    public static String notAnImage(Words words, String fileName) {
        return words.say("file.notAnImage", "name", fileName == null || fileName.isBlank() ? words.say("file.unnamed") : fileName);
    }
}

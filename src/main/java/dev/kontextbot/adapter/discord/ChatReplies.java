package dev.kontextbot.adapter.discord;

import dev.kontextbot.adapter.chat.commands.ChatReply;
import net.dv8tion.jda.api.utils.FileUpload;
import net.dv8tion.jda.api.utils.messages.MessageEditBuilder;
import net.dv8tion.jda.api.utils.messages.MessageEditData;

/** A neutral reply as Discord's message: its file attached to it. */
final class ChatReplies {
    private ChatReplies() {
    }

    static MessageEditData edit(ChatReply reply) {
        MessageEditBuilder message = new MessageEditBuilder().setContent(reply.text());
        reply.file().ifPresent(file -> message.setFiles(FileUpload.fromData(file.bytes(), file.name())));
        return message.build();
    }
}

package dev.kontextbot.adapter.discord;

import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.adapter.chat.FileRefusals;
import dev.kontextbot.adapter.fetch.SafeImageFetcher;
import net.dv8tion.jda.api.entities.Message;

import java.util.List;
import java.util.Optional;

/** The image a person means: an attachment (downloaded from Discord's CDN) or a link (fetched safely). */
final class ImageSources {
    private final AttachmentDownloads downloads;
    private final SafeImageFetcher links;

    ImageSources(AttachmentDownloads downloads, SafeImageFetcher links) {
        this.downloads = downloads;
        this.links = links;
    }

    /** The bytes, or the reason a person can read. */
    record Image(byte[] bytes, String problem) {
        static Image refused(String problem) {
            return new Image(null, problem);
        }

        boolean ok() {
            return bytes != null;
        }
    }

    Image attachment(Words words, Message.Attachment attachment) {
        if (!attachment.isImage()) {
            return Image.refused(FileRefusals.notAnImage(words, attachment.getFileName()));
        }
        AttachmentDownloads.Download download = downloads.download(words, attachment.getUrl(), attachment.getSize());
        return download instanceof AttachmentDownloads.Download.Fetched fetched ? new Image(fetched.bytes(), null)
                : Image.refused(((AttachmentDownloads.Download.Refused) download).message());
    }

    Image link(String url) {
        SafeImageFetcher.Result result = links.fetch(url);
        return result instanceof SafeImageFetcher.Result.Fetched fetched ? new Image(fetched.bytes(), null)
                : Image.refused(((SafeImageFetcher.Result.Refused) result).message());
    }

    /** Every image of a message, downloaded in order; or the reason the first that could not be read gives. */
    record Images(List<byte[]> bytes, String problem) {
        boolean ok() {
            return problem == null;
        }
    }

    /** The image attachments of a message, in its order (other files are not meant as pictures and are left out). */
    Images allImages(Words words, List<Message.Attachment> attachments) {
        List<byte[]> all = new java.util.ArrayList<>();
        for (Message.Attachment attachment : attachments.stream().filter(Message.Attachment::isImage).toList()) {
            Image image = attachment(words, attachment);
            if (!image.ok()) {
                return new Images(List.of(), image.problem());
            }
            all.add(image.bytes());
        }
        return new Images(all, null);
    }

    /** A message's first image attachment, when it has one. */
    static Optional<Message.Attachment> firstImage(List<Message.Attachment> attachments) {
        return attachments.stream().filter(Message.Attachment::isImage).findFirst();
    }
}

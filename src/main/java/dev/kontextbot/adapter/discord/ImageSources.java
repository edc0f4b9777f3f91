package dev.kontextbot.adapter.discord;

import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.adapter.chat.FileRefusals;
import dev.kontextbot.adapter.fetch.PastedLinks;
import dev.kontextbot.adapter.fetch.SafeImageFetcher;
import net.dv8tion.jda.api.entities.Message;

import okhttp3.HttpUrl;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The image a person means: an attachment (downloaded from Discord's CDN) or a link (fetched safely). Where it came
 * from is remembered ({@link PastedLinks.KnownUrls}), so a provider can fetch it from there instead of being sent the bytes.
 */
final class ImageSources {
    private final AttachmentDownloads downloads;
    private final PastedLinks links;
    private final PastedLinks.KnownUrls known;

    ImageSources(AttachmentDownloads downloads, SafeImageFetcher links, PastedLinks.KnownUrls known, Clock clock) {
        this.downloads = downloads;
        this.links = new PastedLinks(links, known, clock, Set.of());
        this.known = known;
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
        if (download instanceof AttachmentDownloads.Download.Fetched fetched) {
            Optional<Instant> expiry = CdnExpiry.of(attachment.getUrl());
            if (expiry.isPresent()) {
                remember(fetched.bytes(), attachment.getUrl(), expiry);
            }
            return new Image(fetched.bytes(), null);
        }
        return Image.refused(((AttachmentDownloads.Download.Refused) download).message());
    }

    /** The image at a link someone sent, or why there is none in their words. */
    Image link(Words words, String url) {
        SafeImageFetcher.Result result = links.fetch(url);
        if (result instanceof SafeImageFetcher.Result.Fetched fetched) {
            return new Image(fetched.bytes(), null);
        }
        return Image.refused(((SafeImageFetcher.Result.Unusable) result).say(words));
    }

    private void remember(byte[] bytes, String url, Optional<Instant> validUntil) {
        // It was fetched at this address, so it parses; HttpUrl gives it the encoding a provider expects.
        HttpUrl parsed = HttpUrl.parse(url);
        if (parsed != null) {
            known.knownAt(bytes, parsed.uri(), validUntil);
        }
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

package dev.kontextbot.provider.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kontextbot.engine.model.ProviderFailure;
import dev.kontextbot.engine.port.FailureKind;
import dev.kontextbot.engine.port.GeneratedImage;
import dev.kontextbot.engine.port.PollOutcome;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads fal-style output ({@code {images:[{url, content_type}], seed, has_nsfw_concepts}}) and Runflow's normalized
 * output ({@code {outputs:[{url, type}]}}, {@code image_urls[]}, {@code image[]}); tolerant of a bare list of URLs or
 * a single {@code image}. Downloads every image at once.
 */
public final class ResultImages {
    private final ProviderHttp http;
    private final AnswerReading reading;
    private final String service;
    private final long maxBytes;
    private final InputImages inputs;

    /** {@code inputs}: records each result's URL, for a later turn to send back instead of the bytes. */
    public ResultImages(ProviderHttp http, AnswerReading reading, String service, long maxBytes, InputImages inputs) {
        this.http = http;
        this.reading = reading;
        this.service = service;
        this.maxBytes = maxBytes;
        this.inputs = inputs;
    }

    /**
     * {@code requestSeed}: the seed sent, used when the output names none; variant i gets seed + i. {@code asked}: how
     * many variants the job asked for (0 when not known, as in a token of older code); {@code unreturned}: what became of
     * those the output does not hold at all.
     */
    public PollOutcome fetch(JsonNode output, long requestSeed, int asked, ProviderFailure.Fate unreturned) {
        List<String> urls = urls(output);
        List<Boolean> flagged = new ArrayList<>();
        output.path("has_nsfw_concepts").forEach(flag -> flagged.add(flag.asBoolean()));
        long seed = output.path("seed").canConvertToLong() ? output.path("seed").asLong() : requestSeed;
        List<GeneratedImage> images = new ArrayList<>();
        List<ProviderFailure.Missed> missed = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            if (i < flagged.size() && flagged.get(i)) {
                // The service blanks flagged images; showing a black square helps nobody, but the turn says so.
                missed.add(new ProviderFailure.Missed(ProviderFailure.Fate.FLAGGED, service, null));
                continue;
            }
            ProviderHttp.Download download = http.download(urls.get(i), maxBytes);
            if (download instanceof ProviderHttp.Download.Failed failed) {
                return reading.downloadFailure(failed);
            }
            ProviderHttp.Download.Fetched fetched = (ProviderHttp.Download.Fetched) download;
            images.add(GeneratedImage.fetched(fetched.bytes(), fetched.mime(), seed + i, inputs.resultUrl(urls.get(i))));
        }
        // Counted against what was asked, not what came back: a flagged image must not hide one that never came.
        int wanted = Math.max(asked, urls.size());
        for (int i = urls.size(); i < wanted; i++) {
            missed.add(new ProviderFailure.Missed(unreturned, service, null));
        }
        if (images.isEmpty()) {
            return urls.isEmpty()
                    ? new PollOutcome.Failed(FailureKind.PROVIDER_ERROR, new ProviderFailure.Plain(service, ProviderFailure.Situation.FINISHED_WITHOUT_IMAGE))
                    : new PollOutcome.Failed(FailureKind.MODERATED, new ProviderFailure.Plain(service, ProviderFailure.Situation.RESULT_FLAGGED));
        }
        return new PollOutcome.Completed(images, missed.isEmpty() ? Optional.empty()
                : Optional.of(new ProviderFailure.FellShort(images.size(), wanted, missed)));
    }

    /** The first list that holds image URLs, in the order Runflow documents; entries of another media type are not images. */
    private static List<String> urls(JsonNode output) {
        List<JsonNode> lists = output.isArray() ? List.of(output)
                : List.of(output.path("outputs"), output.path("images"), output.path("image_urls"), output.path("image"));
        for (JsonNode list : lists) {
            List<String> urls = new ArrayList<>();
            for (JsonNode image : list.isObject() ? List.of(list) : list.isArray() ? iterable(list) : List.<JsonNode>of()) {
                String type = image.path("type").asText("image");
                String url = image.isTextual() ? image.asText() : image.path("url").asText(null);
                if (url != null && !url.isBlank() && type.equals("image")) {
                    urls.add(url);
                }
            }
            if (!urls.isEmpty()) {
                return urls;
            }
        }
        return List.of();
    }

    private static List<JsonNode> iterable(JsonNode array) {
        List<JsonNode> items = new ArrayList<>(array.size());
        array.forEach(items::add);
        return items;
    }
}

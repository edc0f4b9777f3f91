package dev.kontextbot.provider.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.filter.FilteringParserDelegate;
import com.fasterxml.jackson.core.filter.TokenFilter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kontextbot.engine.model.ProviderFailure;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;

/**
 * JSON over OkHttp for the provider clients: one attempt per call, answers read into {@link HttpAnswer}, never
 * an exception for an HTTP or network failure. Header values (API keys) never enter an answer or a message.
 */
public final class ProviderHttp {
    private static final MediaType JSON = MediaType.get("application/json");
    /** Largest answer read whole. */
    static final int MAX_JSON_BYTES = 2 * 1024 * 1024;
    /**
     * Largest answer read when the caller names fields to skip: answers that echo the request (a run object with its
     * input image as a data URI) grow with the input, and the fields that matter (the run id) may come after the echo.
     * Skipped fields are read past, never kept, so only this bounds the memory such an answer takes.
     */
    static final long MAX_ECHOING_BYTES = 96L * 1024 * 1024;

    private final OkHttpClient client;
    private final ObjectMapper mapper;
    private final long maxEchoingBytes;

    public ProviderHttp(OkHttpClient client, ObjectMapper mapper) {
        this(client, mapper, MAX_ECHOING_BYTES);
    }

    /** {@code maxEchoingBytes}: the bound on answers read with skipped fields (tests lower it). */
    public ProviderHttp(OkHttpClient client, ObjectMapper mapper, long maxEchoingBytes) {
        this.client = client;
        this.mapper = mapper;
        this.maxEchoingBytes = maxEchoingBytes;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public HttpAnswer get(String url, Map<String, String> headers) {
        return exchange(request(url, headers).get().build(), Set.of());
    }

    /** {@code skipped}: top-level fields of the answer read past and dropped (echoed inputs, logs). */
    public HttpAnswer get(String url, Map<String, String> headers, Set<String> skipped) {
        return exchange(request(url, headers).get().build(), skipped);
    }

    public HttpAnswer post(String url, Map<String, String> headers, Object body) {
        return exchange(request(url, headers).post(RequestBody.create(write(body), JSON)).build(), Set.of());
    }

    /** {@code skipped}: top-level fields of the answer read past and dropped (echoed inputs, logs). */
    public HttpAnswer post(String url, Map<String, String> headers, Object body, Set<String> skipped) {
        return exchange(request(url, headers).post(RequestBody.create(write(body), JSON)).build(), skipped);
    }

    /** A form already built (multipart uploads: ComfyUI's /upload/image), sent as it is. */
    public HttpAnswer postForm(String url, Map<String, String> headers, RequestBody form) {
        return exchange(request(url, headers).post(form).build(), Set.of());
    }

    /** Uploads bytes as they are (a presigned storage URL: its query carries the credentials, so no headers of ours). */
    public HttpAnswer putBytes(String url, byte[] bytes, String mime) {
        try {
            return exchange(new Request.Builder().url(url).put(RequestBody.create(bytes, MediaType.get(mime))).build(), Set.of());
        } catch (IllegalArgumentException e) {
            return new HttpAnswer(-1, mapper.createObjectNode(), null, ProviderFailure.Network.BAD_UPLOAD_ADDRESS, false);
        }
    }

    public HttpAnswer put(String url, Map<String, String> headers) {
        return exchange(request(url, headers).put(RequestBody.create(new byte[0], null)).build(), Set.of());
    }

    /** Downloads a result at once (provider result URLs expire), at most {@code maxBytes}. */
    public Download download(String url, long maxBytes) {
        try (Response response = client.newCall(new Request.Builder().url(url).get().build()).execute()) {
            if (!response.isSuccessful()) {
                return new Download.Failed(response.code(), null, maxBytes);
            }
            ResponseBody body = response.body();
            try (InputStream in = body.byteStream()) {
                byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (bytes.length > maxBytes) {
                    return new Download.Failed(0, null, maxBytes);
                }
                MediaType type = body.contentType();
                return new Download.Fetched(bytes, type == null ? null : type.type() + "/" + type.subtype());
            }
        } catch (IOException | IllegalArgumentException e) {
            return new Download.Failed(-1, e instanceof IOException io ? describe(io) : ProviderFailure.Network.BAD_RESULT_ADDRESS, maxBytes);
        }
    }

    public sealed interface Download {
        record Fetched(byte[] bytes, String mime) implements Download {
        }

        /**
         * {@code status}: the HTTP status, 0 for larger than {@code maxBytes}, -1 for a network failure ({@code
         * networkError}: how; else null).
         */
        record Failed(int status, ProviderFailure.Network networkError, long maxBytes) implements Download {
        }
    }

    private static Request.Builder request(String url, Map<String, String> headers) {
        Request.Builder builder = new Request.Builder().url(url).header("Accept", "application/json");
        headers.forEach(builder::header);
        return builder;
    }

    private HttpAnswer exchange(Request request, Set<String> skipped) {
        try (Response response = client.newCall(request).execute()) {
            Duration retryAfter = retryAfter(response.header("Retry-After"));
            try {
                return new HttpAnswer(response.code(), skipped.isEmpty() ? readJson(response) : readSkipping(response, skipped),
                        retryAfter, null, true);
            } catch (AnswerTooLarge e) {
                return new HttpAnswer(response.code(), mapper.createObjectNode(), retryAfter, null, true, true);
            }
        } catch (IOException e) {
            return new HttpAnswer(-1, mapper.createObjectNode(), null, describe(e), mayHaveBeenSent(e));
        }
    }

    /** What the network did, for the failure a person reads ({@code words/failures} says it). */
    static ProviderFailure.Network describe(IOException e) {
        if (e instanceof UnknownHostException) {
            return ProviderFailure.Network.HOST_NOT_FOUND;
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            return ProviderFailure.Network.CONNECTION_REFUSED;
        }
        if (e instanceof java.io.InterruptedIOException) {
            return ProviderFailure.Network.TIMED_OUT;
        }
        return ProviderFailure.Network.NETWORK_ERROR;
    }

    /** Failing to connect means nothing reached the service; any later failure may have started a job. */
    private static boolean mayHaveBeenSent(IOException e) {
        if (e instanceof ConnectException || e instanceof UnknownHostException || e instanceof NoRouteToHostException) {
            return false;
        }
        return !(e instanceof SocketTimeoutException && String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("connect"));
    }

    private JsonNode readJson(Response response) throws IOException {
        ResponseBody body = response.body();
        byte[] bytes;
        try (InputStream in = body.byteStream()) {
            bytes = in.readNBytes(MAX_JSON_BYTES + 1);
        }
        if (bytes.length > MAX_JSON_BYTES) {
            throw new AnswerTooLarge();
        }
        if (bytes.length == 0) {
            return mapper.createObjectNode();
        }
        try {
            return mapper.readTree(bytes);
        } catch (IOException e) {
            // An HTML error page from a proxy, say: keep the status, drop the body.
            return mapper.createObjectNode();
        }
    }

    /** Streams the answer, dropping the named top-level fields as they pass. */
    private JsonNode readSkipping(Response response, Set<String> skipped) throws IOException {
        TokenFilter dropNamed = new TokenFilter() {
            @Override
            public TokenFilter includeProperty(String name) {
                return skipped.contains(name) ? null : TokenFilter.INCLUDE_ALL;
            }
        };
        try (InputStream in = new Bounded(response.body().byteStream(), maxEchoingBytes);
             JsonParser parser = new FilteringParserDelegate(mapper.getFactory().createParser(in), dropNamed,
                     TokenFilter.Inclusion.INCLUDE_ALL_AND_PATH, true)) {
            JsonNode tree = mapper.readTree(parser);
            return tree == null ? mapper.createObjectNode() : tree;
        } catch (AnswerTooLarge e) {
            throw e;
        } catch (IOException e) {
            // As in readJson: a page that is not JSON keeps its status and loses its body.
            return mapper.createObjectNode();
        }
    }

    /** The answer passed the size the client reads. */
    private static final class AnswerTooLarge extends IOException {
        AnswerTooLarge() {
            super("the answer is too large to read");
        }
    }

    private static final class Bounded extends java.io.FilterInputStream {
        private long left;

        Bounded(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) throws AnswerTooLarge {
            left -= n;
            if (left < 0) {
                throw new AnswerTooLarge();
            }
        }
    }

    private byte[] write(Object body) {
        try {
            return mapper.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write request JSON", e);
        }
    }

    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}

package dev.kontextbot.adapter.chat;

import dev.kontextbot.engine.model.Platform;
import okhttp3.Interceptor;
import okhttp3.Response;

import java.io.IOException;

/** Counts each HTTP call of a platform library (JDA, the Slack SDK) by how it ended, on the way through its OkHttp client. */
public final class CountedCalls implements Interceptor {
    private final Platform platform;
    private final ChatApiCalls calls;

    public CountedCalls(Platform platform, ChatApiCalls calls) {
        this.platform = platform;
        this.calls = calls;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Response response;
        try {
            response = chain.proceed(chain.request());
        } catch (IOException e) {
            calls.record(platform, ChatApiCalls.Outcome.NETWORK_ERROR);
            throw e;
        }
        calls.record(platform, ChatApiCalls.Outcome.of(response.code()));
        return response;
    }
}

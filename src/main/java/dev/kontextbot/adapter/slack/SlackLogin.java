package dev.kontextbot.adapter.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.util.http.SlackHttpClient;
import dev.kontextbot.adapter.chat.ChatApiCalls;
import dev.kontextbot.adapter.chat.CountedCalls;
import dev.kontextbot.adapter.chat.LoginCheck;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.util.Set;

/**
 * Shows the bot token to Slack (auth.test) before Bolt does: Bolt logs a stack trace when Slack cannot be reached and
 * then reports "the token is invalid" either way. Plain OkHttp, not the SDK's client: that one resolves the team
 * through its own auth.test call first, and logs that call's failure with a stack trace too.
 */
public final class SlackLogin {
    /** auth.test errors that mean this token will not work (https://api.slack.com/methods/auth.test#errors). */
    private static final Set<String> REFUSED = Set.of("invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired",
            "not_allowed_token_type");

    private final SlackSettings settings;
    private final OkHttpClient http;

    public SlackLogin(SlackSettings settings, OkHttpClient http) {
        this.settings = settings;
        this.http = http;
    }

    /** The Slack client of these settings (its API host may be a proxy, gov cloud or a test), its calls counted. */
    static Slack slack(SlackSettings settings, ChatApiCalls calls) {
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(prefix(settings));
        OkHttpClient counted = SlackHttpClient.buildOkHttpClient(config).newBuilder()
                .addInterceptor(new CountedCalls(SlackBot.PLATFORM, calls)).build();
        return Slack.getInstance(config, new SlackHttpClient(counted));
    }

    public LoginCheck check() {
        Request request = new Request.Builder().url(prefix(settings) + "auth.test").header("Authorization", "Bearer " + settings.botToken())
                .post(new FormBody.Builder().build()).build();
        try (Response response = http.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                return new LoginCheck.Unexpected("Slack answered auth.test with HTTP " + response.code());
            }
            JsonNode answer = new ObjectMapper().readTree(response.body().byteStream());
            if (answer.path("ok").asBoolean(false)) {
                return new LoginCheck.Accepted();
            }
            return answered("auth.test", answer.path("error").asText("no error code"));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return new LoginCheck.Unexpected("Slack's answer to auth.test is not JSON");
        } catch (IOException e) {
            return LoginCheck.unreachable(host(), e);
        }
    }

    /** Slack's {@code error} for a call made with a token: refused (the token will not work) or something else. */
    static LoginCheck answered(String method, String error) {
        return REFUSED.contains(error) ? new LoginCheck.Refused(error) : new LoginCheck.Unexpected("Slack answered " + method + " with " + error);
    }

    static LoginCheck.Unreachable unreachable(SlackSettings settings, IOException e) {
        return LoginCheck.unreachable(host(settings), e);
    }

    private static String prefix(SlackSettings settings) {
        return settings.apiUrl().endsWith("/") ? settings.apiUrl() : settings.apiUrl() + "/";
    }

    private String host() {
        return host(settings);
    }

    private static String host(SlackSettings settings) {
        return HttpUrl.get(settings.apiUrl()).host();
    }
}

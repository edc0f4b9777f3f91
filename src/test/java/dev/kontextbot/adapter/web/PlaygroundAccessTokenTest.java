package dev.kontextbot.adapter.web;

import dev.kontextbot.app.Application;
import dev.kontextbot.app.config.ConfigException;
import dev.kontextbot.app.config.ConfigLoader;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** With an access token, nothing but /healthz answers without it: no sessions, no images, no page. */
class PlaygroundAccessTokenTest {
    static final String TOKEN = "playground-token-0123456789";

    @TempDir
    Path dir;

    @Test
    void everyRouteButHealthNeedsTheTokenAsBearerOrCookie() throws Exception {
        Application app = Application.start(new ConfigLoader(Map.of("KONTEXT_DATA_DIR", dir.toString(), "KONTEXT_HTTP_PORT", "0",
                "KONTEXT_PROVIDER", "offline", "KONTEXT_HTTP_TOKEN", TOKEN)).load(null, "test"));
        OkHttpClient client = new OkHttpClient.Builder().followRedirects(false).build();
        String base = "http://127.0.0.1:" + app.httpPort();
        try {
            try (Response r = client.newCall(new Request.Builder().url(base + "/api/sessions/1").build()).execute()) {
                assertThat(r.code()).isEqualTo(401);
                assertThat(r.body().string()).contains("unauthorized").contains("?token=");
            }
            try (Response r = client.newCall(new Request.Builder().url(base + "/api/images/" + "a".repeat(64)).build()).execute()) {
                assertThat(r.code()).isEqualTo(401);
            }
            try (Response r = client.newCall(new Request.Builder().url(base + "/api/sessions/1").header("Authorization", "Bearer wrong-token-0000000").build()).execute()) {
                assertThat(r.code()).isEqualTo(401);
            }
            try (Response r = client.newCall(new Request.Builder().url(base + "/healthz").build()).execute()) {
                assertThat(r.code()).isEqualTo(200);
            }
            try (Response r = client.newCall(new Request.Builder().url(base + "/api/sessions/1").header("Authorization", "Bearer " + TOKEN).build()).execute()) {
                assertThat(r.code()).isEqualTo(404);
            }
            String cookie;
            try (Response r = client.newCall(new Request.Builder().url(base + "/?token=" + TOKEN).build()).execute()) {
                assertThat(r.code()).isEqualTo(200);
                cookie = r.header("Set-Cookie");
                assertThat(cookie).contains(AccessToken.COOKIE + "=").containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict");
            }
            try (Response r = client.newCall(new Request.Builder().url(base + "/api/sessions/1").header("Cookie", cookie.split(";")[0]).build()).execute()) {
                assertThat(r.code()).isEqualTo(404);
            }
        } finally {
            app.close();
        }
    }

    @Test
    void theGalleryExportAndImportNeedTheTokenToo() throws Exception {
        Application app = Application.start(new ConfigLoader(Map.of("KONTEXT_DATA_DIR", dir.toString(), "KONTEXT_HTTP_PORT", "0",
                "KONTEXT_PROVIDER", "offline", "KONTEXT_HTTP_TOKEN", TOKEN)).load(null, "test"));
        OkHttpClient client = new OkHttpClient();
        String base = "http://127.0.0.1:" + app.httpPort();
        okhttp3.RequestBody upload = new okhttp3.MultipartBody.Builder().setType(okhttp3.MultipartBody.FORM)
                .addFormDataPart("file", "s.zip", okhttp3.RequestBody.create(new byte[]{'P', 'K', 3, 4}, okhttp3.MediaType.get("application/zip")))
                .build();
        try {
            for (Request.Builder request : java.util.List.of(new Request.Builder().url(base + "/api/sessions"),
                    new Request.Builder().url(base + "/api/sessions/1/tree"),
                    new Request.Builder().url(base + "/api/sessions/1/export.zip"),
                    new Request.Builder().url(base + "/api/sessions/import").post(upload))) {
                try (Response r = client.newCall(request.build()).execute()) {
                    assertThat(r.code()).as("%s", r.request().url()).isEqualTo(401);
                }
                try (Response r = client.newCall(request.header("Authorization", "Bearer " + TOKEN).build()).execute()) {
                    assertThat(r.code()).as("%s", r.request().url()).isIn(200, 400, 404);
                }
            }
        } finally {
            app.close();
        }
    }

    @Test
    void listeningBeyondLocalhostWithoutATokenStopsStartUp() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of("KONTEXT_HTTP_HOST", "0.0.0.0")).load(null, "test"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("set KONTEXT_HTTP_TOKEN");
        assertThat(new ConfigLoader(Map.of("KONTEXT_HTTP_HOST", "0.0.0.0", "KONTEXT_HTTP_TOKEN", TOKEN)).load(null, "test").http().host())
                .isEqualTo("0.0.0.0");
    }
}

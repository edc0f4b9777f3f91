package dev.kontextbot.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kontextbot.engine.ConversationEngine;
import dev.kontextbot.engine.model.Conversation;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.testing.Scenes;
import dev.kontextbot.testing.TestImages;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/sessions (the gallery's pages) and GET /api/sessions/{id}/tree over real HTTP, on the whole application. */
class GalleryApiTest extends PlaygroundTest {
    final ObjectMapper mapper = new ObjectMapper();

    private JsonNode get(String path, int status) throws IOException {
        PlaygroundHttp.Answer answer = playground.get(path);
        assertThat(answer.status()).as("%s %s", path, answer.json()).isEqualTo(status);
        return answer.json();
    }

    private JsonNode post(String path, Object body) throws IOException {
        return playground.post(path, mapper.writeValueAsString(body)).json();
    }

    private long startSession(String prompt) throws IOException {
        MultipartBody form = new MultipartBody.Builder().setType(MultipartBody.FORM).addFormDataPart("prompt", prompt)
                .addFormDataPart("num_images", "2")
                .addFormDataPart("image", "p.png", RequestBody.create(TestImages.encode(Scenes.landscape(8, 120, 90), "png"), MediaType.get("image/png")))
                .build();
        return playground.call(new Request.Builder().url(playground.url("/api/sessions")).post(form)).json().get("id").asLong();
    }

    private JsonNode awaitDone(long id, int turns) throws IOException, InterruptedException {
        return playground.awaitSession(id, s -> RunningPlayground.lastEnded(s, turns, "done"), turns + " finished turns");
    }

    @Test
    void theGalleryListsPlaygroundSessionsNewestFirstAPageAtATime() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (String prompt : new String[]{"sepia", "invert", "blur"}) {
            ids.add(startSession(prompt));
        }
        awaitDone(ids.get(0), 1);
        playground.engine().start(new ConversationEngine.StartCommand(new Conversation(new Platform("slack"), "T9", "C9", "9.9"), "U9",
                TestImages.encode(Scenes.landscape(9, 64, 48), "png"), "grayscale", ParamOverrides.NONE, null));

        JsonNode first = get("/api/sessions?limit=2", 200);
        JsonNode second = get(first.get("next").asText(), 200);

        assertThat(first.get("total").asInt()).isEqualTo(3);
        assertThat(first.get("sessions")).extracting(s -> s.get("id").asLong()).containsExactly(ids.get(2), ids.get(1));
        assertThat(second.get("sessions")).extracting(s -> s.get("id").asLong()).containsExactly(ids.get(0));
        assertThat(second.get("next").isNull()).isTrue();
        JsonNode oldest = second.get("sessions").get(0);
        assertThat(oldest.get("title").asText()).isEqualTo("sepia");
        assertThat(oldest.get("turns").asInt()).isEqualTo(1);
        assertThat(oldest.get("variants").asInt()).isEqualTo(2);
        assertThat(oldest.get("status").asText()).isEqualTo("done");
        assertThat(oldest.get("head_url").asText()).startsWith("/api/images/");
        assertThat(get("/api/sessions", 200).get("sessions")).hasSize(3);
    }

    @Test
    void aSessionsTreeShowsEachBranchUnderTheVariantItCameFrom() throws Exception {
        long root = startSession("sepia");
        JsonNode session = awaitDone(root, 1);
        long turn = session.get("turns").get(0).get("id").asLong();
        long branch = post("/api/sessions/" + root + "/branch", Map.of("turn", turn, "variant", 1)).get("id").asLong();
        post("/api/sessions/" + branch + "/turns", Map.of("prompt", "invert"));
        JsonNode branchSession = awaitDone(branch, 1);
        long branchTurn = branchSession.get("turns").get(0).get("id").asLong();
        long twig = post("/api/sessions/" + branch + "/branch", Map.of("turn", branchTurn, "variant", 0)).get("id").asLong();

        JsonNode tree = get("/api/sessions/" + root + "/tree", 200);

        JsonNode variants = tree.get("turns").get(0).get("variants");
        assertThat(variants.get(0).get("branches")).isEmpty();
        assertThat(variants.get(1).get("branches")).extracting(JsonNode::asLong).containsExactly(branch);
        JsonNode child = variants.get(1).get("branch_sessions").get(0);
        assertThat(child.get("id").asLong()).isEqualTo(branch);
        assertThat(child.get("branched_from").get("session").asLong()).isEqualTo(root);
        assertThat(child.get("branched_from").get("variant").asInt()).isEqualTo(1);
        assertThat(child.get("turns").get(0).get("prompt").asText()).isEqualTo("invert");
        JsonNode grandchild = child.get("turns").get(0).get("variants").get(0).get("branch_sessions").get(0);
        assertThat(grandchild.get("id").asLong()).isEqualTo(twig);
        JsonNode listed = get("/api/sessions", 200).get("sessions");
        assertThat(listed).filteredOn(s -> s.get("id").asLong() == root).first()
                .satisfies(s -> assertThat(s.get("branches").asInt()).isEqualTo(1));
        assertThat(listed).filteredOn(s -> s.get("id").asLong() == branch).first()
                .satisfies(s -> assertThat(s.get("branched_from").get("session").asLong()).isEqualTo(root));
        assertThat(tree.get("turns").get(0).get("variants").get(0).get("votes").asInt()).isZero();
        assertThat(tree.get("export_url").asText()).isEqualTo("/api/sessions/" + root + "/export.zip");
    }

    @Test
    void otherPlatformsSessionsHaveNoTreeAndBadPagesAreRefused() throws Exception {
        var slack = playground.engine().start(new ConversationEngine.StartCommand(new Conversation(new Platform("slack"), "T9", "C9", "9.9"), "U9",
                TestImages.encode(Scenes.landscape(9, 64, 48), "png"), "grayscale", ParamOverrides.NONE, null));

        assertThat(get("/api/sessions/" + slack.session().id() + "/tree", 404).get("message").asText()).contains("no session");
        assertThat(get("/api/sessions?limit=0", 400).get("message").asText()).contains("'limit' must be between 1 and 100");
        assertThat(get("/api/sessions?limit=many", 400).get("message").asText()).contains("'limit' must be a whole number");
        assertThat(get("/api/sessions?before=x", 400).get("message").asText()).contains("'before'");
        assertThat(get("/api/sessions", 200).get("sessions")).isEmpty();
    }
}

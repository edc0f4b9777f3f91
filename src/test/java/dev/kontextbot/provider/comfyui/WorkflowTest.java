package dev.kontextbot.provider.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The placeholder contract: what is checked when a workflow is read, and how a graph with spare image slots is trimmed. */
class WorkflowTest {
    private final ObjectMapper mapper = new ObjectMapper();

    private static String shipped(String name) throws Exception {
        return Files.readString(Path.of("config/comfyui", name));
    }

    private static Map<String, Object> values(int images) {
        Map<String, Object> values = new HashMap<>(Map.of("prompt", "p", "seed", 4_000_000_000L, "steps", 20, "guidance", 2.5,
                "width", 1024, "height", 768, "batch_size", 2));
        for (int i = 1; i <= images; i++) {
            values.put("image_" + i, "in-" + i + ".png");
        }
        return values;
    }

    @Test
    void numbersAreFilledAsNumbersAndTextAsText() throws Exception {
        JsonNode graph = Workflow.parse("kontext-dev.json", shipped("kontext-dev.json"), 1, mapper).fill(values(1));

        assertThat(graph.get("12").get("inputs").get("seed").isIntegralNumber()).isTrue();
        assertThat(graph.get("12").get("inputs").get("seed").asLong()).isEqualTo(4_000_000_000L);
        assertThat(graph.get("9").get("inputs").get("guidance").asDouble()).isEqualTo(2.5);
        assertThat(graph.get("4").get("inputs").get("image").asText()).isEqualTo("in-1.png");
        assertThat(graph.get("7").get("inputs").get("text").asText()).isEqualTo("p");
    }

    @Test
    void aWorkflowInTheUiFormatIsRefusedSayingHowToExportIt() {
        assertThatThrownBy(() -> Workflow.parse("ui.json", "{\"nodes\":[{\"id\":1}],\"links\":[]}", 1, mapper))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ui.json").hasMessageContaining("Export (API)");
        assertThatThrownBy(() -> Workflow.parse("broken.json", "{\"1\":", 1, mapper))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("broken.json is not JSON");
    }

    @Test
    void aMissingImageSlotIsNamed() throws Exception {
        assertThatThrownBy(() -> Workflow.parse("kontext-dev.json", shipped("kontext-dev.json"), 2, mapper))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"{{image_2}}\"");
    }

    @Test
    void everyImageCountFromTwoToFourLeavesAChainEndingInTheLastReferenceSent() throws Exception {
        Workflow multi = Workflow.parse("kontext-dev-multi.json", shipped("kontext-dev-multi.json"), 4, mapper);
        assertThat(multi.imageSlots()).isEqualTo(4);
        Map<Integer, String> last = Map.of(2, "23", 3, "33", 4, "43");
        for (int n = 2; n <= 4; n++) {
            JsonNode graph = multi.fill(values(n));
            assertThat(graph.get("9").get("inputs").get("conditioning").get(0).asText()).as(n + " images").isEqualTo(last.get(n));
            assertThat(graph.toString()).doesNotContain("{{");
        }
    }

    @Test
    void aSpareSlotThatWouldRemoveTheSaveImageIsAnErrorNotASilentlyEmptyGraph() throws Exception {
        String json = shipped("kontext-dev.json").replace("\"images\": [\"13\", 0]", "\"images\": [\"20\", 0]")
                .replaceFirst("\\}\\s*$", ", \"20\": {\"class_type\": \"ImageStitch\", \"inputs\": {\"image1\": [\"13\", 0], \"image2\": [\"21\", 0]}},"
                        + " \"21\": {\"class_type\": \"LoadImage\", \"inputs\": {\"image\": \"{{image_2}}\"}}}");
        Workflow workflow = Workflow.parse("stitch.json", json, 1, mapper);

        assertThatThrownBy(() -> workflow.fill(values(1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("would remove node 14 (SaveImage)");
    }
}

package dev.kontextbot.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kontextbot.engine.model.AspectRatio;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.OutputFormat;
import dev.kontextbot.engine.model.ParamOverrides;

/** Session defaults as a small JSON document, with the product's parameter names. */
final class ParamOverridesJson {
    private final ObjectMapper mapper = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Document(String model, String aspect_ratio, Integer num_images, Double guidance_scale,
                    String output_format, Integer safety_tolerance, Boolean enhance_prompt, Long seed) {
    }

    String write(ParamOverrides overrides) {
        Document document = new Document(
                overrides.model() == null ? null : overrides.model().id(),
                overrides.aspectRatio() == null ? null : overrides.aspectRatio().wireName(),
                overrides.numImages(), overrides.guidanceScale(),
                overrides.outputFormat() == null ? null : overrides.outputFormat().wireName(),
                overrides.safetyTolerance(), overrides.enhancePrompt(), overrides.seed());
        try {
            return mapper.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write session defaults", e);
        }
    }

    ParamOverrides read(String json) {
        try {
            Document d = mapper.readValue(json, Document.class);
            return ParamOverrides.builder()
                    .model(d.model() == null ? null : ModelId.parse(d.model()))
                    .aspectRatio(d.aspect_ratio() == null ? null : AspectRatio.parse(d.aspect_ratio()))
                    .numImages(d.num_images())
                    .guidanceScale(d.guidance_scale())
                    .outputFormat(d.output_format() == null ? null : OutputFormat.parse(d.output_format()))
                    .safetyTolerance(d.safety_tolerance())
                    .enhancePrompt(d.enhance_prompt())
                    .seed(d.seed())
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored session defaults are not readable: " + json, e);
        }
    }
}

package dev.kontextbot.adapter.chat;

import dev.kontextbot.adapter.words.Languages;
import dev.kontextbot.engine.model.EngineRejection;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.OutputFormat;
import dev.kontextbot.engine.model.ProviderRefusal;
import dev.kontextbot.engine.model.Unavailability;
import dev.kontextbot.engine.model.ProviderRefusal.Parameter;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ProviderRefusalWordsTest {
    private static final Languages LANGUAGES = Languages.load();
    private static final ProviderRefusalWords WORDS = new ProviderRefusalWords();
    private static final ModelId PRO = ModelId.KONTEXT_PRO;
    private static final ModelId MAX = ModelId.KONTEXT_MAX;
    private static final ModelId FLUX_PRO = new ModelId("flux-2-pro");
    private static final ModelId FLEX = new ModelId("flux-2-flex");

    /** Every kind of refusal (and each way a kind is said), with what an English speaker reads and a German one. */
    private static final Map<ProviderRefusal, List<String>> SAID = new LinkedHashMap<>();

    static {
        said(new ProviderRefusal.UnknownModel(new ModelId("flux-9"), List.of(PRO, MAX)),
                "There is no model 'flux-9' here; the models are kontext-pro, kontext-max.",
                "Ein Modell 'flux-9' gibt es hier nicht; die Modelle sind kontext-pro, kontext-max.");
        said(new ProviderRefusal.ModelUnavailable(FLEX, new Unavailability.NeedsSetup(List.of(
                        new Unavailability.Service("bfl", "BFL", java.util.Optional.of("BFL_API_KEY")))), List.of(PRO)),
                "flux-2-flex is not available here: it needs BFL (set BFL_API_KEY). Available: kontext-pro.",
                "flux-2-flex ist hier nicht verfügbar: es braucht BFL (BFL_API_KEY setzen). Verfügbar: kontext-pro.");
        said(new ProviderRefusal.TooManyImages(PRO, 4, 6, List.of(FLUX_PRO, FLEX)),
                "kontext-pro takes up to 4 images per turn; this one has 6; models that take 6: flux-2-pro, flux-2-flex.",
                "kontext-pro nimmt bis zu 4 Bilder pro Schritt; dieser hat 6; Modelle, die 6 nehmen: flux-2-pro, flux-2-flex.");
        said(new ProviderRefusal.ParameterNotOffered(FLUX_PRO, Parameter.GUIDANCE_SCALE, Optional.of(3.5), List.of(FLEX)),
                "flux-2-pro has no guidance_scale here (leave it at 3.5); models that have it: flux-2-flex.",
                "flux-2-pro hat hier kein guidance_scale (lass es bei 3,5); Modelle, die es haben: flux-2-flex.");
        said(new ProviderRefusal.ParameterNotOffered(FLUX_PRO, Parameter.ENHANCE_PROMPT, Optional.empty(), List.of()),
                "flux-2-pro has no enhance_prompt here; no model here does.",
                "flux-2-pro hat hier kein enhance_prompt; kein Modell hier kann das.");
        said(new ProviderRefusal.OutOfRange(FLEX, Parameter.GUIDANCE_SCALE, 1.5, 10, 12, List.of()),
                "flux-2-flex takes guidance_scale 1.5–10, not 12; no model here does.",
                "flux-2-flex nimmt guidance_scale 1,5–10, nicht 12; kein Modell hier kann das.");
        said(new ProviderRefusal.FormatNotMade(PRO, OutputFormat.WEBP, List.of(FLUX_PRO)),
                "kontext-pro cannot make webp images; models that can: flux-2-pro.",
                "kontext-pro kann keine webp-Bilder erzeugen; Modelle, die es können: flux-2-pro.");
        said(new ProviderRefusal.NotServedHere("fal.ai", FLEX, List.of(MAX, PRO)),
                "fal.ai does not serve flux-2-flex here; it serves kontext-max, kontext-pro.",
                "fal.ai bietet flux-2-flex hier nicht an; angeboten werden kontext-max, kontext-pro.");
        said(new ProviderRefusal.ServiceTakesFewerImages("Replicate", 1, 2),
                "Replicate takes one image per turn; this one has 2.",
                "Replicate nimmt ein Bild pro Schritt; dieser hat 2.");
        said(new ProviderRefusal.ServiceTakesFewerImages(ProviderRefusal.OFFLINE, 4, 5),
                "The offline editor takes up to 4 images per turn; this one has 5.",
                "Der Offline-Editor nimmt bis zu 4 Bilder pro Schritt; dieser hat 5.");
        said(new ProviderRefusal.ServiceFormatNotMade("BFL", OutputFormat.WEBP, List.of(OutputFormat.JPEG, OutputFormat.PNG)),
                "BFL cannot make webp images; use output_format jpeg or png.",
                "BFL kann keine webp-Bilder erzeugen; nimm output_format jpeg oder png.");
        said(new ProviderRefusal.SafetyOutOfServiceRange("Runflow", 1, 6, 0),
                "Runflow takes safety_tolerance 1 (strictest) to 6; you asked for 0.",
                "Runflow nimmt safety_tolerance 1 (am strengsten) bis 6; du hast 0 gewählt.");
        said(new ProviderRefusal.EditingSafetyAbove("Replicate", 2, 5),
                "Replicate allows safety_tolerance up to 2 when editing an image; you asked for 5.",
                "Replicate erlaubt beim Bearbeiten eines Bildes safety_tolerance bis 2; du hast 5 gewählt.");
        said(new ProviderRefusal.ServiceLacks("BFL", Optional.of(FLUX_PRO), Parameter.GUIDANCE_SCALE, Optional.of(3.5)),
                "BFL's flux-2-pro has no guidance_scale; leave it at 3.5 or use another model.",
                "flux-2-pro bei BFL hat kein guidance_scale; lass es bei 3,5 oder nimm ein anderes Modell.");
        said(new ProviderRefusal.ServiceLacks("Replicate", Optional.of(FLUX_PRO), Parameter.ENHANCE_PROMPT, Optional.empty()),
                "Replicate's flux-2-pro has no enhance_prompt; turn it off or use another model.",
                "flux-2-pro bei Replicate hat kein enhance_prompt; schalte es aus oder nimm ein anderes Modell.");
        said(new ProviderRefusal.ServiceLacks("ComfyUI", Optional.empty(), Parameter.ENHANCE_PROMPT, Optional.empty()),
                "ComfyUI has no enhance_prompt; turn it off.",
                "ComfyUI hat kein enhance_prompt; schalte es aus.");
        said(new ProviderRefusal.OneImagePerRequest("fal.ai", FLUX_PRO),
                "fal.ai's flux-2-pro makes one image per request here; ask for num_images 1.",
                "flux-2-pro bei fal.ai erzeugt hier ein Bild pro Anfrage; wähle num_images 1.");
        said(new ProviderRefusal.NeedsAnImage("ComfyUI", Optional.of(new ModelId("kontext-dev"))),
                "ComfyUI's kontext-dev workflow edits an image; attach one to start from.",
                "Der Workflow für kontext-dev bei ComfyUI bearbeitet ein Bild; hänge eines an, um damit zu beginnen.");
        said(new ProviderRefusal.NeedsAnImage("Runflow", Optional.empty()),
                "Runflow's Kontext models edit an image: attach one, or use BFL or fal.ai to generate from text.",
                "Die Kontext-Modelle bei Runflow bearbeiten ein Bild: hänge eines an, oder nimm BFL oder fal.ai, um aus Text zu erzeugen.");
        said(new ProviderRefusal.NotOfferedThrough("Runflow", MAX, PRO),
                "kontext-max is not offered through Runflow here (Runflow documents no such model): use kontext-pro.",
                "kontext-max wird hier nicht über Runflow angeboten (Runflow dokumentiert dieses Modell nicht): nimm kontext-pro.");
    }

    private static void said(ProviderRefusal refusal, String english, String german) {
        SAID.put(refusal, List.of(english, german));
    }

    @Test
    void everyKindOfRefusalHasWordsHere() {
        Set<Class<?>> kinds = Arrays.stream(ProviderRefusal.class.getPermittedSubclasses()).collect(Collectors.toSet());

        assertThat(SAID.keySet().stream().map(Object::getClass).collect(Collectors.toSet())).isEqualTo(kinds);
    }

    @Test
    void eachRefusalReadsTheSameInEnglishAsTheProvidersWroteIt() {
        SAID.forEach((refusal, said) -> assertThat(WORDS.say(refusal, LANGUAGES.in(Locale.ENGLISH))).as("%s", refusal).isEqualTo(said.get(0)));
    }

    @Test
    void eachRefusalReadsInGermanWithGermanNumbersAndAGermanOr() {
        SAID.forEach((refusal, said) -> assertThat(WORDS.say(refusal, LANGUAGES.in(Locale.GERMAN))).as("%s", refusal).isEqualTo(said.get(1)));
    }

    @Test
    void aProviderRefusalTheEngineRaisesIsSaidInTheLanguageOfWhoeverAsked() {
        EngineRejection rejection = new EngineRejection(new ProviderRefusal.ServiceTakesFewerImages("BFL", 4, 5));

        assertThat(rejection.reason()).isEqualTo(EngineRejection.Reason.INVALID);
        assertThat(new RefusalWords(LANGUAGES, "slack").explain(rejection, Locale.GERMAN)).isEqualTo("BFL nimmt bis zu 4 Bilder pro Schritt; dieser hat 5.");
        assertThat(new RefusalWords(LANGUAGES, "discord").explain(rejection, Locale.ENGLISH)).isEqualTo("BFL takes up to 4 images per turn; this one has 5.");
    }
}

package dev.kontextbot.app;

import dev.kontextbot.adapter.chat.CatalogueWords;
import dev.kontextbot.adapter.words.TestWords;
import dev.kontextbot.app.config.AppConfig;
import dev.kontextbot.app.config.ConfigLoader;
import dev.kontextbot.engine.catalogue.ModelLineup;
import dev.kontextbot.engine.catalogue.ServedModel;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.OutputFormat;
import dev.kontextbot.engine.model.TurnParams;
import dev.kontextbot.engine.model.Unavailability;
import dev.kontextbot.engine.port.KontextProvider;
import dev.kontextbot.engine.port.PollOutcome;
import dev.kontextbot.engine.port.SubmitOutcome;
import dev.kontextbot.provider.http.FakeService;
import dev.kontextbot.testing.TestImages;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.kontextbot.testing.ProviderRefusalsSaid.english;
import static org.assertj.core.api.Assertions.assertThat;

/** Several providers at once: each model goes to the first of its catalogue providers with a key, and stays there. */
class ModelRoutingTest {
    private static final ModelId FLUX_2_PRO = new ModelId("flux-2-pro");
    private static final ModelId FLUX_2_FLEX = new ModelId("flux-2-flex");

    FakeService bfl;
    FakeService fal;

    @BeforeEach
    void start() throws Exception {
        bfl = new FakeService();
        fal = new FakeService();
    }

    @AfterEach
    void stop() {
        bfl.close();
        fal.close();
    }

    private ProviderSelection selection(Map<String, String> env, String yaml) {
        AppConfig config = new ConfigLoader(env).load(yaml, "test.yaml");
        return new ProviderSelection(config, new OkHttpClient(), TestImages.decoder());
    }

    private Map<String, String> bothKeys() {
        return Map.of("BFL_API_KEY", FakeService.API_KEY, "BFL_BASE_URL", bfl.base(), "FAL_KEY", FakeService.API_KEY, "FAL_BASE_URL", fal.base());
    }

    private static TurnParams params(ModelId model) {
        return new TurnParams(model, null, 1, 3.5, OutputFormat.PNG, 2, false, 4);
    }

    @Test
    void flux2GoesToBflAndKontextToFalWhenTheOperatorTakesBflOffKontext() throws Exception {
        KontextProvider router = selection(bothKeys(), """
                models:
                  kontext-pro:
                    serve: {bfl: ~}
                """).choose(p -> p);

        assertThat(router.nameFor(params(FLUX_2_PRO))).isEqualTo("bfl");
        assertThat(router.nameFor(params(ModelId.KONTEXT_PRO))).isEqualTo("fal");
        assertThat(router.name()).isEqualTo("fal"); // the default model's provider

        bfl.json(200, "{\"id\":\"b1\",\"polling_url\":\"" + bfl.url("/v1/get_result?id=b1") + "\"}");
        String fluxJob = ((SubmitOutcome.Submitted) router.submit(FakeService.edit(params(FLUX_2_PRO)))).job();
        assertThat(bfl.take().getTarget()).isEqualTo("/v1/flux-2-pro");
        fal.json(200, "{\"request_id\":\"f1\",\"status_url\":\"" + fal.url("/fal-ai/flux-pro/requests/f1/status") + "\",\"response_url\":\""
                + fal.url("/fal-ai/flux-pro/requests/f1") + "\"}");
        String kontextJob = ((SubmitOutcome.Submitted) router.submit(FakeService.edit(params(ModelId.KONTEXT_PRO)))).job();
        assertThat(fal.take().getTarget()).isEqualTo("/fal-ai/flux-pro/kontext");

        // A router built afresh (a restart) polls each job at the service that started it.
        KontextProvider restarted = selection(bothKeys(), "models:\n  kontext-pro:\n    serve: {bfl: ~}\n").choose(p -> p);
        bfl.json(200, "{\"id\":\"b1\",\"status\":\"Pending\"}");
        fal.json(200, "{\"status\":\"IN_QUEUE\",\"queue_position\":1}");
        assertThat(restarted.poll(fluxJob)).isInstanceOf(PollOutcome.Pending.class);
        assertThat(bfl.take().getTarget()).isEqualTo("/v1/get_result?id=b1");
        assertThat(restarted.poll(kontextJob)).isEqualTo(PollOutcome.Pending.queued("fal", 2));
        assertThat(fal.take().getTarget()).isEqualTo("/fal-ai/flux-pro/requests/f1/status");
        assertThat(restarted.runs("bfl")).isTrue();
        assertThat(restarted.runs("runflow")).isFalse();
    }

    @Test
    void aTokenFromBeforeRoutingBelongsToThePrimaryProvider() throws Exception {
        KontextProvider router = selection(Map.of("FAL_KEY", FakeService.API_KEY, "FAL_BASE_URL", fal.base()), null).choose(p -> p);
        fal.json(200, "{\"status\":\"IN_PROGRESS\"}");

        String legacy = "{\"requestId\":\"f0\",\"statusUrl\":\"" + fal.url("/old/status") + "\",\"responseUrl\":\"" + fal.url("/old")
                + "\",\"cancelUrl\":null,\"seed\":1}";
        assertThat(router.poll(legacy)).isEqualTo(PollOutcome.Pending.running());
        assertThat(fal.take().getTarget()).isEqualTo("/old/status");
    }

    @Test
    void aModelWhoseProviderHasNoKeyIsListedUnavailableWithTheReasonAndRefusedNamingOthers() {
        ProviderSelection selection = selection(Map.of("FAL_KEY", FakeService.API_KEY, "FAL_BASE_URL", fal.base()), null);
        ModelLineup lineup = selection.lineup();

        ServedModel flex = lineup.find(FLUX_2_FLEX).orElseThrow();
        assertThat(flex.available()).isFalse();
        assertThat(flex.unavailable()).contains(new Unavailability.NeedsSetup(List.of(new Unavailability.Service("bfl", "BFL", Optional.of("BFL_API_KEY")))));
        assertThat(CatalogueWords.unavailable(flex.unavailable().orElseThrow(), TestWords.ENGLISH)).isEqualTo("it needs BFL (set BFL_API_KEY)");
        assertThat(lineup.route(FLUX_2_PRO).orElseThrow().provider()).isEqualTo("fal");
        assertThat(english(selection.choose(p -> p).refusal(params(FLUX_2_FLEX), 1))).contains("flux-2-flex is not available here: it needs BFL"
                + " (set BFL_API_KEY). Available: kontext-pro, kontext-max, flux-2-pro, flux-2-max.");
    }

    @Test
    void withoutAnyKeyTheOfflineEditorStandsInForEveryModelAsBefore() {
        ProviderSelection selection = selection(Map.of(), null);

        assertThat(selection.lineup().models()).allSatisfy(model -> assertThat(model.route().orElseThrow().provider()).isEqualTo("offline"));
        KontextProvider router = selection.choose(p -> p);
        assertThat(router.name()).isEqualTo("offline");
        assertThat(router.pricePerImageMicros(FLUX_2_PRO)).isZero();
    }

    @Test
    void theSingleProviderSetupsKeepTheirOrderRunflowBeforeBflBeforeFal() {
        Map<String, String> all = Map.of("RUNFLOW_API_KEY", "rf-secret-0123456789", "BFL_API_KEY", "bfl-secret-0123456789",
                "FAL_KEY", "fal-secret-0123456789");
        ProviderSelection selection = selection(all, null);

        assertThat(selection.choose(p -> p).name()).isEqualTo("runflow");
        assertThat(selection.lineup().route(ModelId.KONTEXT_PRO).orElseThrow().provider()).isEqualTo("runflow");
        assertThat(selection.lineup().route(FLUX_2_PRO).orElseThrow().provider()).isEqualTo("bfl");
        ProviderSelection pinned = selection(all, "provider: fal\n");
        assertThat(pinned.lineup().route(ModelId.KONTEXT_PRO).orElseThrow().provider()).isEqualTo("fal");
        assertThat(pinned.lineup().find(FLUX_2_FLEX).orElseThrow().unavailable().map(why -> CatalogueWords.unavailable(why, TestWords.ENGLISH)))
                .contains("fal.ai (provider: fal) does not serve it");
    }

    @Test
    void pricesComeFromTheCatalogueFlatForKontextPerMegapixelForFlux2() {
        KontextProvider router = selection(bothKeys(), null).choose(p -> p);

        assertThat(router.pricePerImageMicros(ModelId.KONTEXT_PRO)).isEqualTo(40_000);
        assertThat(router.pricePerImageMicros(ModelId.KONTEXT_MAX)).isEqualTo(80_000);
        // 1 MP out from 1 MP in: [pro] 3¢ + 1.5¢, [max] 7¢ + 3¢, [flex] 5¢ + 5¢ (shared/providers.md).
        assertThat(router.pricePerImageMicros(FLUX_2_PRO)).isEqualTo(45_000);
        assertThat(router.pricePerImageMicros(new ModelId("flux-2-max"))).isEqualTo(100_000);
        assertThat(router.pricePerImageMicros(FLUX_2_FLEX)).isEqualTo(100_000);
    }
}

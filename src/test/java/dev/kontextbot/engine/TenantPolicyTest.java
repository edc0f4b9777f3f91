package dev.kontextbot.engine;

import dev.kontextbot.engine.model.EngineRejection;
import dev.kontextbot.engine.model.ModelId;
import dev.kontextbot.engine.model.ParamOverrides;
import dev.kontextbot.engine.model.Platform;
import dev.kontextbot.engine.model.Turn;
import dev.kontextbot.engine.model.VariantRef;
import dev.kontextbot.engine.policy.Budgets;
import dev.kontextbot.engine.policy.PolicyChange;
import dev.kontextbot.engine.policy.PolicyEdit;
import dev.kontextbot.engine.port.ScopedDefaultsRepository;
import dev.kontextbot.engine.policy.PolicyDefaults;
import dev.kontextbot.engine.policy.TenantPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static dev.kontextbot.engine.PolicyHarness.discord;
import static dev.kontextbot.engine.PolicyHarness.images;
import static dev.kontextbot.testing.RefusalsSaid.said;
import static dev.kontextbot.testing.RefusalsSaid.saysContaining;
import static dev.kontextbot.testing.RefusalsSaid.saysStartingWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A server's admin policy on the real database: enforced by the engine where it is platform-neutral, and audited. */
class TenantPolicyTest {
    static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    @TempDir
    Path dir;
    PolicyHarness h;

    @BeforeEach
    void open() {
        h = new PolicyHarness(dir, NOW, new PolicyDefaults(2, Budgets.NONE));
    }

    @AfterEach
    void close() throws InterruptedException {
        h.close();
    }

    @Test
    void aModelTheServerDoesNotAllowIsRefusedSayingWhatIsAllowed() {
        h.policies.change(new Platform("discord"), "g1", "carol", p -> p.withModels(Set.of(ModelId.KONTEXT_PRO)));

        assertThatThrownBy(() -> h.start(discord("g1", "c1", "t1"), "ana", images(1, ModelId.KONTEXT_MAX)))
                .isInstanceOfSatisfying(EngineRejection.class, e -> {
                    assertThat(e.reason()).isEqualTo(EngineRejection.Reason.INVALID);
                    assertThat(said(e)).isEqualTo("The kontext-max model is not allowed in this server (allowed: kontext-pro). Choose model kontext-pro, "
                            + "or ask a server admin (/kontext admin models …).");
                });

        assertThat(h.engine.sessionIn(discord("g1", "c1", "t1"))).isEmpty();
        Turn pro = h.awaitEnd(h.start(discord("g1", "c1", "t1"), "ana", images(1, ModelId.KONTEXT_PRO)).turn().id());
        assertThatThrownBy(() -> h.engine.remix(pro.sessionId(), pro.id(), "ana", null, images(1, ModelId.KONTEXT_MAX), null))
                .satisfies(saysStartingWith("The kontext-max model is not allowed"));
        assertThat(h.start(discord("g2", "c1", "t1"), "ana", images(1, ModelId.KONTEXT_MAX)).turn()).as("another server").isNotNull();
    }

    @Test
    void aSafetyToleranceAboveTheServersMaximumIsRefused() {
        h.policies.change(new Platform("discord"), "g1", "carol", p -> p.withMaxSafety(2));
        ParamOverrides permissive = ParamOverrides.builder().safetyTolerance(5).build();

        assertThatThrownBy(() -> h.start(discord("g1", "c1", "t1"), "ana", permissive)).isInstanceOfSatisfying(EngineRejection.class,
                e -> assertThat(said(e)).isEqualTo("safety_tolerance 5 is above this server's maximum of 2; choose 2 or lower "
                        + "(0 is the strictest), or ask a server admin (/kontext admin safety …)."));
        assertThatThrownBy(() -> h.engine.check(new ConversationEngine.StartCommand(discord("g1", "c1", "t1"), "ana", null, "x", permissive, null)))
                .satisfies(saysStartingWith("safety_tolerance 5 is above"));

        Turn strict = h.awaitEnd(h.start(discord("g1", "c1", "t1"), "ana", ParamOverrides.NONE).turn().id());
        assertThat(strict.params().safetyTolerance()).isEqualTo(2);
        assertThatThrownBy(() -> h.engine.refine(strict.sessionId(), "ana", "brighter",
                ParamOverrides.builder().safetyTolerance(3).build(), null)).satisfies(saysStartingWith("safety_tolerance 3 is above"));
        assertThat(h.engine.snapshot(strict.sessionId()).turns()).hasSize(1);
    }

    @Test
    void theVoteRuleIsEachServersOwnWithTheConfiguredOneAsDefault() {
        h.policies.change(new Platform("discord"), "quick", "carol", p -> p.withVotesToPick(1));
        h.policies.change(new Platform("discord"), "owners", "carol", p -> p.withVotesToPick(0));
        Turn quick = h.awaitEnd(h.start(discord("quick", "c", "t"), "ana", images(2, ModelId.KONTEXT_PRO)).turn().id());
        Turn usual = h.awaitEnd(h.start(discord("usual", "c", "t"), "ana", images(2, ModelId.KONTEXT_PRO)).turn().id());
        Turn owners = h.awaitEnd(h.start(discord("owners", "c", "t"), "ana", images(2, ModelId.KONTEXT_PRO)).turn().id());

        assertThat(h.engine.vote(quick.sessionId(), new VariantRef(quick.id(), 1), "bo", true).picked()).isTrue();
        assertThat(h.engine.vote(usual.sessionId(), new VariantRef(usual.id(), 1), "bo", true).picked()).isFalse();
        assertThat(h.engine.vote(usual.sessionId(), new VariantRef(usual.id(), 1), "cy", true).picked()).isTrue();
        assertThat(h.engine.vote(owners.sessionId(), new VariantRef(owners.id(), 1), "bo", true).picked()).isFalse();
        assertThat(h.engine.vote(owners.sessionId(), new VariantRef(owners.id(), 1), "cy", true).picked()).isFalse();

        assertThatThrownBy(() -> h.engine.pick(owners.sessionId(), new VariantRef(owners.id(), 1), "bo"))
                .hasMessage("Here only the person who started the session picks its head; votes don't pick.");
        h.engine.pick(owners.sessionId(), new VariantRef(owners.id(), 1), "ana");
        assertThat(h.engine.snapshot(owners.sessionId()).turns().get(0).picked()).isEqualTo(1);
    }

    @Test
    void everyChangeIsAuditedWithWhoWhenAndTheOldAndNewValue() {
        h.policies.change(new Platform("discord"), "g1", "carol", p -> p.withModels(Set.of(ModelId.KONTEXT_PRO)).withUserPerDay(2_500_000L));
        h.clock.set(NOW.plusSeconds(60));
        h.policies.change(new Platform("discord"), "g1", "dave", p -> p.withChannels(Set.of("c2", "c1")).withModels(Set.of()));
        h.policies.change(new Platform("discord"), "g1", "dave", p -> p.withChannels(Set.of("c1", "c2")));
        h.policies.changeDefaults(new Platform("discord"), "g1", "dave", ParamOverrides.builder().model(ModelId.KONTEXT_MAX).numImages(2).build());
        assertThatThrownBy(() -> h.policies.change(new Platform("discord"), "g1", "dave", p -> p.withMaxSafety(9).withVotesToPick(1)))
                .hasMessageContaining("between 0 (strictest) and 6");

        List<PolicyChange> log = h.policies.log(new Platform("discord"), "g1");

        Instant later = NOW.plusSeconds(60);
        assertThat(log).containsExactly(
                new PolicyChange(later, "dave", new PolicyEdit.Defaults(ScopedDefaultsRepository.TENANT_WIDE, ParamOverrides.NONE,
                        ParamOverrides.builder().model(ModelId.KONTEXT_MAX).numImages(2).build())),
                new PolicyChange(later, "dave", new PolicyEdit.Models(Set.of(ModelId.KONTEXT_PRO), Set.of())),
                new PolicyChange(later, "dave", new PolicyEdit.Channels(Set.of(), Set.of("c1", "c2"))),
                new PolicyChange(NOW, "carol", new PolicyEdit.UserDayBudget(null, 2_500_000L)),
                new PolicyChange(NOW, "carol", new PolicyEdit.Models(Set.of(), Set.of(ModelId.KONTEXT_PRO))));
        TenantPolicy stored = h.policies.stored(new Platform("discord"), "g1");
        assertThat(stored.allowedChannels()).containsExactly("c1", "c2");
        assertThat(stored.maxSafety()).as("the refused change stored nothing").isNull();
        assertThat(stored.votesToPick()).isNull();
        assertThat(h.policies.tenantDefaults(new Platform("discord"), "g1").numImages()).isEqualTo(2);
        assertThat(h.policies.log(new Platform("slack"), "g1")).as("per platform and tenant").isEmpty();
    }
}

package dev.kontextbot.adapter.chat.commands;

import dev.kontextbot.adapter.chat.PolicyText;
import dev.kontextbot.adapter.chat.ChatServices;
import dev.kontextbot.engine.catalogue.Money;
import dev.kontextbot.engine.policy.TenantPolicy;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@code /kontext admin budget}: the tenant's spending limits in dollars (0: none), per person per day and for the
 * tenant per month; a limit not given stays as it is, {@link CommandCatalogue#BOTS_OWN} or {@code reset} give back the
 * bot's own.
 */
final class AdminBudgetCommand implements ChatCommand {
    private final ChatServices core;

    AdminBudgetCommand(ChatServices core) {
        this.core = core;
    }

    @Override
    public ChatReply answer(ChatRequest request) {
        return Administering.refusal(request).orElseGet(() -> {
            Optional<String> perUser = request.option(CommandCatalogue.USER_PER_DAY);
            Optional<String> perTenant = request.option(CommandCatalogue.SERVER_PER_MONTH);
            boolean reset = request.option(CommandCatalogue.RESET).map(Boolean::parseBoolean).orElse(false);
            UnaryOperator<TenantPolicy> edit;
            if (reset) {
                edit = p -> p.withUserPerDay(null).withTenantPerMonth(null);
            } else if (perUser.isEmpty() && perTenant.isEmpty()) {
                return new ChatReply(request.words().say(request.surface().key("policy.budgetHow")));
            } else {
                // Read both before changing anything: a wrong amount changes neither.
                Long day = perUser.map(AdminBudgetCommand::micros).orElse(null);
                Long month = perTenant.map(AdminBudgetCommand::micros).orElse(null);
                edit = p -> p.withUserPerDay(perUser.isPresent() ? day : p.userPerDayMicros())
                        .withTenantPerMonth(perTenant.isPresent() ? month : p.tenantPerMonthMicros());
            }
            core.policies().change(request.platform(), request.tenant(), request.user(), edit);
            return new ChatReply(PolicyText.on(request.surface(), core.commands()).saved(request.words(), core.policies(), request.platform(), request.tenant()));
        });
    }

    /** Dollars as micros; null for the bot's own. */
    private static Long micros(String dollars) {
        return dollars.equalsIgnoreCase(CommandCatalogue.BOTS_OWN) ? null : Money.parseDollars(dollars);
    }
}

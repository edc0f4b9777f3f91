package dev.kontextbot.adapter.chat;

import dev.kontextbot.adapter.words.Words;
import dev.kontextbot.engine.policy.Budgets;
import dev.kontextbot.engine.catalogue.Money;
import dev.kontextbot.engine.policy.UsageReport;
import dev.kontextbot.engine.port.UsageRepository.Spend;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * {@code /kontext usage} in words, for Discord and Slack alike: both write people as {@code <@id>} and channels as
 * {@code <#id>}; only bold differs.
 */
public final class UsageText {
    /** What a platform calls a tenant; the bundles choose the words with it ({@code select}). */
    public enum Tenant { SERVER, WORKSPACE }

    private final UnaryOperator<String> bold;
    private final String tenant;

    public UsageText(UnaryOperator<String> bold, Tenant tenant) {
        this.bold = bold;
        this.tenant = tenant.name().toLowerCase(java.util.Locale.ROOT);
    }

    public String render(Words words, UsageReport report) {
        return String.join("\n",
                period(words, words.say("usage.todayWhen", "title", bold.apply(words.say("usage.today"))), report.today()),
                period(words, words.say("usage.monthWhen", "title", bold.apply(words.say("usage.month")), "day", day(words, report.month().since())),
                        report.month()),
                bold.apply(words.say("usage.budgets")) + " " + budgets(words, report),
                words.say("usage.note"));
    }

    private String period(Words words, String title, UsageReport.Period period) {
        String text = words.say("usage.period", "title", title, "tenant", tenant, "tenantSpend", Money.format(period.tenantMicros()),
                "askerSpend", Money.format(period.askerMicros()));
        if (!period.topRequesters().isEmpty()) {
            text += "\n  " + words.say("usage.people", "list", spends(words, period.topRequesters(), id -> "<@" + id + ">"));
            text += "\n  " + words.say("usage.channels", "list", spends(words, period.topChannels(), id -> "<#" + id + ">"));
        }
        return text;
    }

    private static String spends(Words words, List<Spend> spends, UnaryOperator<String> mention) {
        return spends.stream().map(s -> words.say("usage.spend", "who", mention.apply(s.key()), "spend", Money.format(s.micros()), "turns", s.turns()))
                .collect(Collectors.joining(" · "));
    }

    private String budgets(Words words, UsageReport report) {
        Budgets b = report.budgets();
        if (b.equals(Budgets.NONE)) {
            return words.say("usage.noBudgets");
        }
        String user = b.userPerDayMicros() == 0 ? words.say("usage.noPersonBudget")
                : words.say("usage.personBudget", "used", Money.format(report.askerUsedToday()), "limit", Money.format(b.userPerDayMicros()));
        String whole = b.tenantPerMonthMicros() == 0 ? words.say("usage.noTenantBudget", "tenant", tenant)
                : words.say("usage.tenantBudget", "tenant", tenant, "used", Money.format(report.tenantUsedThisMonth()),
                "limit", Money.format(b.tenantPerMonthMicros()), "day", day(words, report.monthResets()));
        return user + " · " + whole;
    }

    /** "5 December" / "5. Dezember": in the reader's language, in UTC like the budgets' periods. */
    private static String day(Words words, Instant instant) {
        String pattern = words.locale().getLanguage().equals("de") ? "d. MMMM" : "d MMMM";
        return DateTimeFormatter.ofPattern(pattern, words.locale()).withZone(ZoneOffset.UTC).format(instant);
    }
}

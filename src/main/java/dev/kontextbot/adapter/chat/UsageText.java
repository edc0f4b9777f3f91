package dev.kontextbot.adapter.chat;

import dev.kontextbot.engine.policy.Budgets;
import dev.kontextbot.engine.catalogue.Money;
import dev.kontextbot.engine.policy.UsageReport;
import dev.kontextbot.engine.port.UsageRepository.Spend;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * {@code /kontext usage} in words, for Discord and Slack alike: both write people as {@code <@id>} and channels as
 * {@code <#id>}; only bold differs.
 */
public final class UsageText {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final UnaryOperator<String> bold;
    private final String tenant;

    /** {@code tenant}: what the platform calls a tenant ("server", "workspace"). */
    public UsageText(UnaryOperator<String> bold, String tenant) {
        this.bold = bold;
        this.tenant = tenant;
    }

    public String render(UsageReport report) {
        return String.join("\n",
                period(bold.apply("Spend today") + " (UTC)", report.today()),
                period(bold.apply("This month") + " (since " + DAY.format(report.month().since()) + ", UTC)", report.month()),
                bold.apply("Budgets:") + " " + budgets(report),
                "Spend is what finished edits cost; budgets also count edits still running, at their most.");
    }

    private String period(String title, UsageReport.Period period) {
        String text = title + " — this " + tenant + ": " + Money.format(period.tenantMicros()) + " · you: " + Money.format(period.askerMicros());
        if (!period.topRequesters().isEmpty()) {
            text += "\n  people: " + spends(period.topRequesters(), id -> "<@" + id + ">");
            text += "\n  channels: " + spends(period.topChannels(), id -> "<#" + id + ">");
        }
        return text;
    }

    private static String spends(List<Spend> spends, UnaryOperator<String> mention) {
        return spends.stream().map(s -> mention.apply(s.key()) + " " + Money.format(s.micros()) + " (" + s.turns() + (s.turns() == 1 ? " edit)" : " edits)"))
                .collect(Collectors.joining(" · "));
    }

    private String budgets(UsageReport report) {
        Budgets b = report.budgets();
        if (b.equals(Budgets.NONE)) {
            return "none set.";
        }
        String user = b.userPerDayMicros() == 0 ? "none per person"
                : "you " + Money.format(report.askerUsedToday()) + " of " + Money.format(b.userPerDayMicros()) + " today (resets 00:00 UTC)";
        String whole = b.tenantPerMonthMicros() == 0 ? "none for the " + tenant
                : "this " + tenant + " " + Money.format(report.tenantUsedThisMonth()) + " of " + Money.format(b.tenantPerMonthMicros())
                + " this month (resets " + DAY.format(report.monthResets()) + ")";
        return user + " · " + whole;
    }
}

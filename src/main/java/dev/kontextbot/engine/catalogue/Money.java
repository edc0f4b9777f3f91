package dev.kontextbot.engine.catalogue;

import dev.kontextbot.engine.model.EngineRejection;
import dev.kontextbot.engine.model.Rejected;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Dollars as people write them, and micro-dollars ($0.04 is 40,000) as costs and budgets are kept. */
public final class Money {
    /** A budget above this is a typo, not a plan. */
    public static final long MAX_MICROS = 1_000_000L * 1_000_000L;

    private Money() {
    }

    /** "$0.04", "$12.50"; amounts under a cent keep their digits ("$0.0025"). */
    public static String format(long micros) {
        BigDecimal dollars = BigDecimal.valueOf(micros, 6).stripTrailingZeros();
        if (dollars.scale() < 2) {
            dollars = dollars.setScale(2, RoundingMode.UNNECESSARY);
        }
        return "$" + dollars.toPlainString();
    }

    /** "2.50", "$2.50" or "2" dollars as micro-dollars; refused with a message when it is not an amount. */
    public static long parseDollars(String text) {
        String plain = text.strip().replace("$", "").replace(',', '.');
        try {
            BigDecimal dollars = new BigDecimal(plain);
            return ofDollars(dollars.doubleValue());
        } catch (NumberFormatException e) {
            throw new EngineRejection(EngineRejection.Reason.INVALID, "'" + text + "' is not an amount of dollars; write it like 2.50.",
                    new Rejected.NotDollars(text));
        }
    }

    public static long ofDollars(double dollars) {
        if (Double.isNaN(dollars) || dollars < 0 || dollars * 1_000_000 > MAX_MICROS) {
            throw new EngineRejection(EngineRejection.Reason.INVALID, "A budget is an amount of dollars from 0 (no budget) to "
                    + format(MAX_MICROS) + ", not " + dollars + ".", new Rejected.BudgetOutOfRange(MAX_MICROS, String.valueOf(dollars)));
        }
        return Math.round(dollars * 1_000_000);
    }
}

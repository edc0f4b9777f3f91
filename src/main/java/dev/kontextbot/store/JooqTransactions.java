package dev.kontextbot.store;

import dev.kontextbot.engine.port.Transactions;
import org.jooq.DSLContext;

import java.util.function.Supplier;

public final class JooqTransactions implements Transactions {
    private final DSLContext dsl;

    public JooqTransactions(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return dsl.transactionResult(work::get);
    }
}

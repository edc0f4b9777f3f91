package dev.kontextbot.store;

import dev.kontextbot.testing.TestDatabases;
import org.jooq.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** The migrated schema, as the database reports it: every index is written at each commit that changes its rows. */
class SchemaIndexesTest {
    @TempDir
    Path dir;
    Database database;

    @BeforeEach
    void open() {
        database = TestDatabases.open(dir, 2);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void noIndexIsTheLeadingPartOfAnother() {
        List<Index> indexes = indexes();
        assertThat(indexes).extracting(Index::table).contains("turn", "variant", "head_change", "vote", "announcement", "session");
        List<String> redundant = new ArrayList<>();
        Set<String> keyIndexes = h2ForeignKeyIndexes();
        for (Index index : indexes) {
            for (Index other : indexes) {
                if (index != other && index.table().equals(other.table()) && !index.unique() && index.leads(other)
                        && !keyIndexes.contains(index.name())) {
                    redundant.add(index + " is served by " + other);
                }
            }
        }
        assertThat(redundant).isEmpty();
    }

    /** An index as the database has it, constraint indexes included (jOOQ's meta data leaves H2's out). */
    record Index(String table, String name, boolean unique, List<String> columns) {
        boolean leads(Index other) {
            return columns.size() <= other.columns.size() && other.columns.subList(0, columns.size()).equals(columns);
        }

        @Override
        public String toString() {
            return table + "." + name + columns;
        }
    }

    /**
     * H2 backs every foreign key with an index of exactly the key's columns, and makes one when the table has none
     * of that width (a longer index serving the key's lookups does not count).
     */
    private Set<String> h2ForeignKeyIndexes() {
        if (TestDatabases.postgres()) {
            return Set.of();
        }
        return database.dsl().fetch("select index_name from information_schema.table_constraints"
                        + " where constraint_schema = current_schema() and constraint_type = 'FOREIGN KEY'")
                .stream().map(r -> r.get(0, String.class).toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    private List<Index> indexes() {
        String sql = TestDatabases.postgres()
                ? "select t.relname, i.relname, ix.indisunique, a.attname from pg_index ix join pg_class t on t.oid = ix.indrelid"
                + " join pg_class i on i.oid = ix.indexrelid join pg_namespace n on n.oid = t.relnamespace"
                + " cross join lateral unnest(ix.indkey) with ordinality as k(attnum, ord)"
                + " join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum"
                + " where n.nspname = current_schema() order by 1, 2, k.ord"
                : "select i.table_name, i.index_name, i.index_type_name <> 'INDEX', c.column_name from information_schema.indexes i"
                + " join information_schema.index_columns c on c.index_schema = i.index_schema and c.index_name = i.index_name"
                + " where i.table_schema = current_schema() order by 1, 2, c.ordinal_position";
        Map<String, Index> byName = new LinkedHashMap<>();
        for (Record row : database.dsl().fetch(sql)) {
            String table = row.get(0, String.class).toLowerCase(Locale.ROOT);
            String name = row.get(1, String.class).toLowerCase(Locale.ROOT);
            if (table.startsWith("flyway")) {
                continue;
            }
            byName.computeIfAbsent(table + "." + name, k -> new Index(table, name, row.get(2, Boolean.class), new ArrayList<>()))
                    .columns().add(row.get(3, String.class).toLowerCase(Locale.ROOT));
        }
        return List.copyOf(byName.values());
    }
}

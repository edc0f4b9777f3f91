package dev.kontextbot.adapter.web;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ParamsParserTest {

    /** NAMES is what the API admits besides its own fields; a parameter read but not listed would be refused as unknown. */
    @Test
    void theFieldNamesItAdmitsAreExactlyTheOnesItReads() {
        Set<String> read = new HashSet<>();
        new ParamsParser().parse(name -> {
            read.add(name);
            return null;
        });
        assertThat(read).isEqualTo(ParamsParser.NAMES);
    }
}

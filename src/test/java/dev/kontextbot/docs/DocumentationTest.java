package dev.kontextbot.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** README stays what a newcomer reads in five minutes, and no page links to a file that is not there. */
class DocumentationTest {
    private static final Pattern LOCAL_LINK = Pattern.compile("\\]\\((?!https?:|mailto:|#)([^)#\\s]+)(#[^)]*)?\\)");

    @Test
    void theReadmeFitsInTenKilobytesAndLinksTheDocs() throws IOException {
        Path readme = Path.of("README.md");

        assertThat(Files.size(readme)).isLessThanOrEqualTo(10 * 1024);
        try (Stream<Path> pages = Files.list(Path.of("docs"))) {
            String text = Files.readString(readme);
            assertThat(pages.filter(p -> p.toString().endsWith(".md")))
                    .allSatisfy(page -> assertThat(text).contains("docs/" + page.getFileName()));
        }
    }

    @Test
    void everyLocalLinkInTheReadmeAndTheDocsPointsAtAFileThatExists() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(pages::add);
        }
        List<String> broken = new ArrayList<>();
        for (Path page : pages) {
            Matcher link = LOCAL_LINK.matcher(Files.readString(page));
            while (link.find()) {
                Path target = page.toAbsolutePath().getParent().resolve(link.group(1)).normalize();
                if (!Files.exists(target)) {
                    broken.add(page + " → " + link.group(1));
                }
            }
        }
        assertThat(broken).isEmpty();
    }
}

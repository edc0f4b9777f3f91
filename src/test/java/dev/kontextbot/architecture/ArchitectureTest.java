package dev.kontextbot.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering of docs/architecture.md as rules the build checks: dependencies point inward (adapters → engine ←
 * provider and store implementations), and no two packages need each other. The production classes only: tests
 * may wire anything to anything.
 */
@AnalyzeClasses(packages = "dev.kontextbot", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    /**
     * The engine is plain Java: no chat platform, web server, jOOQ, HTTP client, nor drawing. Pixels are allowed for
     * scoring and decoding (java.awt.image's BufferedImage and rasters, java.awt.geom for EXIF turns, ImageIO);
     * drawing (Graphics2D, fonts, colours: java.awt itself and java.awt.font) lives in adapter/picture. JDBC's
     * exception types (java.sql) are allowed: StoreFailures tells an unreachable database from a refused statement.
     */
    @ArchTest
    static final ArchRule engineKnowsNoTransportNoStorageAndNoDrawing = noClasses().that().resideInAPackage("dev.kontextbot.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.kontextbot.adapter..", "dev.kontextbot.provider..", "dev.kontextbot.store..",
                    "dev.kontextbot.app..", "net.dv8tion..", "com.slack..", "io.javalin..", "org.jooq..", "okhttp3..",
                    "java.awt", "java.awt.font..", "java.awt.color..", "java.awt.print..", "java.awt.event..")
            .because("the engine is platform-neutral: adapters, providers and stores plug into its ports");

    @ArchTest
    static final ArchRule adaptersUseTheEnginesPortsNotStoreOrProviderImplementations = noClasses().that().resideInAPackage("dev.kontextbot.adapter..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.kontextbot.store..", "dev.kontextbot.provider..", "dev.kontextbot.app..", "org.jooq..")
            .because("only app wires implementations to the engine's ports");

    @ArchTest
    static final ArchRule providersAndStoresKnowNoAdapter = noClasses().that().resideInAnyPackage("dev.kontextbot.provider..", "dev.kontextbot.store..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.kontextbot.adapter..", "dev.kontextbot.app..")
            .because("a provider or a store serves the engine, whichever surface asked");

    @ArchTest
    static final ArchRule noCyclesBetweenTheTopLevelPackages = slices().matching("dev.kontextbot.(*)..").should().beFreeOfCycles();

    /** Within the engine every package counts, its root too (ConversationEngine's), which "engine.(*).." leaves out. */
    @ArchTest
    static final ArchRule noCyclesInsideTheEngine = slices().assignedFrom(new PackagesOf("dev.kontextbot.engine")).should().beFreeOfCycles();

    @ArchTest
    static final ArchRule noCyclesInsideTheAdapters = slices().assignedFrom(new PackagesOf("dev.kontextbot.adapter")).should().beFreeOfCycles();

    /** One slice per package under {@code root}, the root package being one of them. */
    private record PackagesOf(String root) implements SliceAssignment {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getPackageName();
            if (name.equals(root)) {
                return SliceIdentifier.of("(root)");
            }
            if (name.startsWith(root + ".")) {
                return SliceIdentifier.of(name.substring(root.length() + 1).split("\\.")[0]);
            }
            return SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "packages of " + root;
        }
    }
}

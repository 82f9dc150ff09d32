package com.zoomvconnect;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package table of docs/architecture.md, enforced on the compiled classes: the test reads the
 * table itself, so the document and the code cannot drift apart. Also: no package cycles, and
 * the layering inside {@code media} (protocol codecs below the SFU).
 */
class ArchitectureTest {
    private static final String ROOT = "com.zoomvconnect";
    private static final Path DOC = Path.of("..", "docs", "architecture.md");
    /** A table row: | `package` | responsibility | may use |. */
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([a-z.*]+)`\\s*\\|[^|]*\\|([^|]*)\\|\\s*$");
    private static final Pattern NAME = Pattern.compile("`([a-z.*]+)`");

    private static JavaClasses classes;
    private static Map<String, Set<String>> mayUse;

    @BeforeAll
    static void load() throws IOException {
        // The classes ours refer to (the JDK, Helidon, Jackson, ...) are known by name, which is all these
        // package rules read: not resolving them from the classpath keeps the import to seconds on a busy
        // machine (7.7 s -> 4.7 s quiet). Only for this import: SuiteOrderTest follows test classes'
        // dependencies into the test helpers and needs them resolved.
        ArchConfiguration config = ArchConfiguration.get();
        boolean resolve = config.resolveMissingDependenciesFromClassPath();
        config.setResolveMissingDependenciesFromClassPath(false);
        try {
            classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages(ROOT);
        } finally {
            config.setResolveMissingDependenciesFromClassPath(resolve);
        }
        mayUse = table(Files.readAllLines(DOC));
    }

    /** Package → what it may use, from the document; "everything" is spelled as the single entry "*". */
    static Map<String, Set<String>> table(List<String> lines) {
        Map<String, Set<String>> rows = new LinkedHashMap<>();
        for (String line : lines) {
            Matcher row = ROW.matcher(line);
            if (!row.matches()) {
                continue;
            }
            Set<String> uses = new TreeSet<>();
            String cell = row.group(2).trim();
            if (cell.startsWith("everything")) {
                uses.add("*");
            } else {
                Matcher name = NAME.matcher(cell);
                while (name.find()) {
                    uses.add(name.group(1));
                }
            }
            rows.put(row.group(1), uses);
        }
        return rows;
    }

    @Test
    void theDocumentHasTheTable() {
        assertTrue(mayUse.containsKey("app") && mayUse.containsKey("meeting") && mayUse.containsKey("media.sfu"),
                "docs/architecture.md lost its package table: " + mayUse.keySet());
    }

    @Test
    void everyPackageIsInTheTable() {
        List<String> missing = new ArrayList<>();
        for (String pkg : packagesOf(classes)) {
            if (!mayUse.containsKey(pkg)) {
                missing.add(pkg);
            }
        }
        assertTrue(missing.isEmpty(), "packages missing from docs/architecture.md's table: " + missing);
    }

    @Test
    void packagesUseOnlyWhatTheTableAllows() {
        Architectures.LayeredArchitecture layers = Architectures.layeredArchitecture()
                .consideringOnlyDependenciesInLayers();
        for (String pkg : mayUse.keySet()) {
            layers = layers.layer(pkg).definedBy(ROOT + "." + pkg);
        }
        for (Map.Entry<String, Set<String>> row : mayUse.entrySet()) {
            if (row.getValue().contains("*")) {
                continue;
            }
            String[] allowed = row.getValue().toArray(String[]::new);
            layers = allowed.length == 0
                    ? layers.whereLayer(row.getKey()).mayNotAccessAnyLayer()
                    : layers.whereLayer(row.getKey()).mayOnlyAccessLayers(allowed);
        }
        layers.withOptionalLayers(true).check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void onlyAppSeesTheWiring() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".app..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".app..")
                .check(classes);
    }

    @Test
    void domainDoesNotKnowHttp() {
        noClasses().that().resideInAnyPackage(ROOT + ".meeting..", ROOT + ".auth..",
                        ROOT + ".store..", ROOT + ".record..", ROOT + ".media..")
                .should().dependOnClassesThat().resideInAnyPackage("io.helidon.webserver..", "io.helidon.http..")
                .check(classes);
    }

    @Test
    void protocolCodecsKnowNoRoomsAndNoDatabase() {
        // Protocol codecs turn bytes into values and back; the SFU's policy sits above them.
        for (String codec : List.of("stun", "dtls", "srtp", "rtp", "rtcp", "sdp", "bwe", "ice", "net")) {
            assertFalse(mayUse.getOrDefault("media." + codec, Set.of("*")).contains("media.sfu"),
                    "media." + codec + " may not use the SFU");
        }
        noClasses().that().resideInAPackage(ROOT + ".media..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.jdbi..", "com.fasterxml.jackson..")
                .check(classes);
    }

    private static Set<String> packagesOf(JavaClasses all) {
        Set<String> packages = new TreeSet<>();
        for (JavaClass c : all) {
            String pkg = c.getPackageName();
            if (pkg.startsWith(ROOT + ".")) {
                packages.add(pkg.substring(ROOT.length() + 1));
            }
        }
        return packages;
    }
}

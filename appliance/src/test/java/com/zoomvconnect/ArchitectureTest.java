package com.zoomvconnect;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dependency rules of docs/architecture.md, checked on the compiled classes. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.zoomvconnect");
    }

    @Test
    void mediaDependsOnNothingAboveIt() {
        noClasses().that().resideInAPackage("com.zoomvconnect.media..")
                .should().dependOnClassesThat().resideInAnyPackage("com.zoomvconnect.app..", "com.zoomvconnect.api..",
                        "com.zoomvconnect.signal..", "com.zoomvconnect.meeting..", "com.zoomvconnect.auth..",
                        "com.zoomvconnect.store..", "com.zoomvconnect.record..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void storeDependsOnNothingAboveIt() {
        noClasses().that().resideInAPackage("com.zoomvconnect.store..")
                .should().dependOnClassesThat().resideInAnyPackage("com.zoomvconnect.app..", "com.zoomvconnect.api..",
                        "com.zoomvconnect.signal..", "com.zoomvconnect.meeting..", "com.zoomvconnect.auth..",
                        "com.zoomvconnect.media..", "com.zoomvconnect.record..")
                .check(classes);
    }

    @Test
    void onlyAppSeesTheWiring() {
        noClasses().that().resideOutsideOfPackage("com.zoomvconnect.app..")
                .should().dependOnClassesThat().resideInAPackage("com.zoomvconnect.app..")
                .check(classes);
    }

    @Test
    void domainDoesNotKnowHttp() {
        noClasses().that().resideInAnyPackage("com.zoomvconnect.meeting..", "com.zoomvconnect.auth..",
                        "com.zoomvconnect.store..", "com.zoomvconnect.record..", "com.zoomvconnect.media..")
                .should().dependOnClassesThat().resideInAnyPackage("io.helidon.webserver..", "io.helidon.http..")
                .check(classes);
    }
}

package com.zoomvconnect.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The suite's order and the browser marker (docs/testing.md, "Order and parallelism"): a test
 * class that reaches {@code testing.browser} (directly or through a helper) must be a
 * {@link BrowserTest}, or it would run beside the soak.
 */
class SuiteOrderTest {
    private static final String BROWSERS = "com.zoomvconnect.testing.browser";
    private static JavaClasses tests;
    private static Class<?> soak;
    private static Class<?> withoutBrowser;
    private static Class<?> browser;
    private static Class<?> inheritsBrowser;

    @BeforeAll
    static void load() throws ClassNotFoundException {
        tests = new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .importPackages("com.zoomvconnect");
        soak = Class.forName("com.zoomvconnect.e2e.SoakTest");
        withoutBrowser = Class.forName("com.zoomvconnect.signal.SignalEndpointTest");
        browser = Class.forName("com.zoomvconnect.e2e.UserJourneyTest");
        inheritsBrowser = Class.forName("com.zoomvconnect.cluster.ThreeNodesOnRedisTest");
    }

    @Test
    void everyTestClassThatLaunchesABrowserIsABrowserTest() {
        var unmarked = new TreeSet<String>();
        int browserClasses = 0;
        for (JavaClass c : tests) {
            if (!hasTests(c) || c.getPackageName().startsWith(BROWSERS) || !reachesBrowsers(c)) {
                continue;
            }
            browserClasses++;
            if (!c.isAssignableTo(BrowserTest.class)) {
                unmarked.add(c.getName());
            }
        }
        assertEquals(new TreeSet<String>(), unmarked, "test classes that launch a browser but do not implement BrowserTest");
        assertTrue(browserClasses >= 20, "found the browser tests: " + browserClasses);
    }

    @Test
    void aTestClassThatLaunchesNoBrowserIsNotMarked() {
        var marked = new TreeSet<String>();
        for (JavaClass c : tests) {
            if (hasTests(c) && c.isAssignableTo(BrowserTest.class) && !reachesBrowsers(c)) {
                marked.add(c.getName());
            }
        }
        assertEquals(new TreeSet<String>(), marked, "BrowserTest classes that start no browser (they would wait for the soak for nothing)");
    }

    @Test
    void browserClassesTakeTheLockTheSoakHolds() {
        // The look-up JUnit makes for a class's resource locks (it searches interfaces and superclasses).
        for (Class<?> c : List.of(browser, inheritsBrowser, soak)) {
            assertEquals(List.of(SuiteOrder.CPU), AnnotationSupport.findRepeatableAnnotations(c, ResourceLock.class).stream()
                    .map(ResourceLock::value).toList(), c.getName());
        }
        assertEquals(List.of(), AnnotationSupport.findRepeatableAnnotations(withoutBrowser, ResourceLock.class));
    }

    @Test
    void soakFirstThenClassesWithoutBrowserThenBrowserClasses() throws ClassNotFoundException {
        assertEquals(0, SuiteOrder.rank(soak));
        assertEquals(1, SuiteOrder.rank(withoutBrowser));
        assertEquals(2, SuiteOrder.rank(browser));
        assertEquals(2, SuiteOrder.rank(inheritsBrowser));
        assertEquals(2, SuiteOrder.rank(Class.forName("com.zoomvconnect.cluster.CascadeTest")), "a class that takes the lock itself waits with the browser classes");
    }

    /** A class JUnit runs: it has (or inherits) a method annotated with a {@code @Testable} annotation ({@code @Test}, {@code @ParameterizedTest}...). */
    private static boolean hasTests(JavaClass c) {
        return !c.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.ABSTRACT)
                && c.getAllMethods().stream().anyMatch(m -> m.isMetaAnnotatedWith("org.junit.platform.commons.annotation.Testable"));
    }

    private static boolean reachesBrowsers(JavaClass c) {
        return c.getTransitiveDependenciesFromSelf().stream()
                .anyMatch(d -> d.getTargetClass().getPackageName().startsWith(BROWSERS));
    }
}

package com.zoomvconnect.testing;

import java.util.Comparator;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The appliance suite's class order (src/test/resources/junit-platform.properties): classes marked
 * {@code @Execution(CONCURRENT)} first, then those that start no browser, {@link BrowserTest}
 * classes last; otherwise as discovered. JUnit forks the concurrent classes (the soak) onto a
 * worker of their own before it runs the others one after another in its current thread, so the
 * soak runs beside the classes that leave a core free, and the browser classes wait for it on
 * {@link #CPU}.
 */
public final class SuiteOrder implements ClassOrderer {
    /** The resource lock of what needs both cores: held by the soak while it runs, taken by each {@link BrowserTest} class. */
    public static final String CPU = "zvc.both-cores";

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().sort(Comparator.comparingInt(d -> rank(d.getTestClass())));
    }

    /**
     * 0 for a concurrent class, 2 for one that needs both cores (a {@link BrowserTest}, or a class
     * that takes {@link #CPU} itself, e.g. one running several appliance processes), 1 for the rest.
     */
    static int rank(Class<?> testClass) {
        if (AnnotationSupport.findAnnotation(testClass, Execution.class).map(e -> e.value() == ExecutionMode.CONCURRENT)
                .orElse(false)) {
            return 0;
        }
        return needsBothCores(testClass) ? 2 : 1;
    }

    static boolean needsBothCores(Class<?> testClass) {
        return BrowserTest.class.isAssignableFrom(testClass)
                || AnnotationSupport.findRepeatableAnnotations(testClass, ResourceLock.class).stream().anyMatch(l -> CPU.equals(l.value()));
    }
}

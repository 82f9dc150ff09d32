package com.zoomvconnect.testing;

import java.util.Comparator;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
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

    /** 0 for a concurrent class, 1 for one that starts no browser, 2 for a {@link BrowserTest}. */
    static int rank(Class<?> testClass) {
        if (AnnotationSupport.findAnnotation(testClass, Execution.class).map(e -> e.value() == ExecutionMode.CONCURRENT)
                .orElse(false)) {
            return 0;
        }
        return BrowserTest.class.isAssignableFrom(testClass) ? 2 : 1;
    }
}

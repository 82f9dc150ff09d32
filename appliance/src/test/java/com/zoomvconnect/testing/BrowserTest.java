package com.zoomvconnect.testing;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Marks a test class that launches a browser (anything from {@code testing.browser}: Chromium,
 * Firefox). Browsers take both cores, so such a class runs after the others ({@link SuiteOrder})
 * and never beside the soak: it takes {@link SuiteOrder#CPU}, which the soak holds while it runs.
 * {@code SuiteOrderTest} fails for a test class that reaches {@code testing.browser} without it.
 * Tagged {@code browser}: {@code -DexcludedGroups=browser} runs the rest.
 */
@Tag("browser")
@ResourceLock(SuiteOrder.CPU)
public interface BrowserTest {
}

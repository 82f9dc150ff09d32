package com.zoomvconnect.app;

import io.helidon.logging.common.spi.LoggingProvider;

/**
 * Tells Helidon that logging is already set up (JUL and System.Logger are routed to SLF4J and
 * Logback in {@link Main}), so it neither configures JUL nor warns about a missing provider.
 */
public final class HelidonSlf4jLogging implements LoggingProvider {
    @Override
    public void initialization() {
        // Routing is installed by Main before Helidon starts.
    }

    @Override
    public void runTime() {
        // Nothing to do at run time.
    }
}

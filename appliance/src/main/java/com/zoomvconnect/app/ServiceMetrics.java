package com.zoomvconnect.app;

import com.zoomvconnect.signal.SignalMetrics;
import com.zoomvconnect.store.Database;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Open signaling sockets ({@code zvc_signal_connections}) and the database pool's connections
 * ({@code zvc_db_connections}) on {@code /metrics}. As in {@link MediaMetrics}, the meters live in
 * Helidon's global registry for the life of the JVM and read through references to the running parts.
 */
final class ServiceMetrics {
    private static final AtomicReference<SignalMetrics> SIGNAL = new AtomicReference<>();
    private static final AtomicReference<Database> DATABASE = new AtomicReference<>();
    private static volatile boolean registered;

    private ServiceMetrics() {
    }

    static synchronized void bind(SignalMetrics signal, Database db) {
        SIGNAL.set(signal);
        DATABASE.set(db);
        if (registered) {
            return;
        }
        registered = true;
        MeterRegistry registry = MediaMetrics.registry();
        registry.getOrCreate(Gauge.builder("zvc.signal.connections", () -> {
            SignalMetrics s = SIGNAL.get();
            return s == null ? 0 : s.openConnections();
        }).description("Open signaling sockets"));
        registry.getOrCreate(Gauge.builder("zvc.db.connections", () -> {
            Database d = DATABASE.get();
            return d == null ? 0 : d.pooledConnections();
        }).description("Connections the database pool holds, in use and idle"));
    }

    static synchronized void unbind(SignalMetrics signal, Database db) {
        SIGNAL.compareAndSet(signal, null);
        DATABASE.compareAndSet(db, null);
    }
}

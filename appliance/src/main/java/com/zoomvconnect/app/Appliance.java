package com.zoomvconnect.app;

import com.zoomvconnect.admin.ActivityHistory;
import com.zoomvconnect.admin.AdminService;
import com.zoomvconnect.auth.AuthService;
import com.zoomvconnect.bus.EventBus;
import com.zoomvconnect.bus.InMemoryEventBus;
import com.zoomvconnect.api.PeerClients;
import com.zoomvconnect.cluster.Cluster;
import com.zoomvconnect.cluster.cascade.CascadeLinks;
import com.zoomvconnect.meeting.EdgeRelays;
import com.zoomvconnect.meeting.MeetingPlacement;
import com.zoomvconnect.store.Transactions;
import com.zoomvconnect.media.sfu.Sfu;
import com.zoomvconnect.meeting.LiveMeetings;
import com.zoomvconnect.record.RecordingManager;
import com.zoomvconnect.media.turn.TurnServer;
import com.zoomvconnect.signal.IceServers;
import com.zoomvconnect.signal.SignalEndpoint;
import com.zoomvconnect.store.Database;
import io.helidon.webserver.WebServer;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running appliance: wires the object graph by hand and starts its parts in order; {@link
 * Started} stops them in reverse order, on close and on a start that fails halfway alike.
 */
public final class Appliance implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Appliance.class);
    static final String REDIRECT_SOCKET = "redirect";

    private final AppConfig config;
    private final Services services;
    private final Sfu sfu;
    private final RecordingManager recorder;
    private final SignalEndpoint signal;
    private final WebServer server;
    private final Started started;
    private final Optional<BuiltInTurn> turn;

    private final ActivityHistory history;
    private final Optional<Cluster> cluster;

    private Appliance(AppConfig config, Services services, Sfu sfu, RecordingManager recorder, SignalEndpoint signal,
                      WebServer server, Started started, Optional<BuiltInTurn> turn, ActivityHistory history,
                      Optional<Cluster> cluster) {
        this.cluster = cluster;
        this.turn = turn;
        this.history = history;
        this.config = config;
        this.services = services;
        this.sfu = sfu;
        this.recorder = recorder;
        this.signal = signal;
        this.server = server;
        this.started = started;
    }

    /** Starts everything; on failure whatever was started is stopped again, in reverse order. */
    public static Appliance start(AppConfig config) {
        Parts.createDataDirectories(config);
        // Microsecond ticks: both databases store microseconds, so values read back equal those written.
        Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1000));
        TlsMaterial tls = TlsMaterial.resolve(config);
        var started = new Started();
        try {
            Database db = started.add("database", Database.open(config.database()));
            Optional<Cluster> cluster = config.cluster().enabled()
                    ? Optional.of(started.add("cluster", ClusterParts.open(config, db))) : Optional.empty();
            var s = Services.wire(config, db, clock,
                    cluster.<EventBus>map(Cluster::bus).orElseGet(() -> new InMemoryEventBus(Transactions::active)),
                    cluster.<MeetingPlacement>map(Cluster::placement).orElse(MeetingPlacement.SINGLE_NODE));
            Sfu sfu = started.add("media engine", Parts.openMedia(config));
            MediaMetrics.bind(sfu);
            started.onStop("media metrics", () -> MediaMetrics.unbind(sfu));
            Optional<BuiltInTurn> turn = Optional.empty();
            if (config.turn().enabled()) {
                BuiltInTurn t = started.add("TURN server", Parts.openTurn(config, clock));
                MediaMetrics.bind(t.server());
                started.onStop("TURN metrics", () -> MediaMetrics.unbind(t.server()));
                turn = Optional.of(t);
            }
            RecordingManager recorder = started.add("recording manager", Parts.openRecorder(config, s, sfu));
            recorder.recoverInterrupted();
            EdgeRelays edges = config.cluster().enabled() && config.cluster().cascadeThreshold() > 0
                    ? started.add("cascade links", new CascadeLinks(config.cluster().nodeId(), s.live(), sfu, sfu.port(), s.tokens(),
                    new PeerClients()::client)) : EdgeRelays.NONE;
            var signal = started.add("signaling endpoint", new SignalEndpoint(s.tokens(), s.live(), sfu, s.meetings(),
                    s.audit(), recorder, config.signaling(), turn.<IceServers>map(t -> t).orElse(IceServers.NONE), s.placement(),
                    edges));
            ServiceMetrics.bind(signal.metrics(), db);
            started.onStop("service metrics", () -> ServiceMetrics.unbind(signal.metrics(), db));
            var listening = new AtomicReference<WebServer>();
            var admin = new AdminService(db, s.auth(), s.hasher(), clock, status(config, s.live(), sfu, turn, listening, cluster),
                    new AdminReach(config, s.recordings(), tls));
            ActivityHistory history = started.add("activity history", new ActivityHistory(db, clock,
                    () -> MediaMetrics.reading(sfu, s.live())).start());
            WebServer server = Parts.webServer(config, tls, s, recorder, admin, signal, sfu, turn, history);
            started.onStop("web server", server::stop);
            Parts.listen(config, server);
            listening.set(server);
            turn.ifPresent(t -> t.listeningOn(server.port()));
            LOG.info("HTTPS with {}", tls.origin());
            if (cluster.isPresent()) {
                ClusterParts.join(cluster.get(), config, server.port(), tls, s.live(), sfu, edges);
                started.onStop("cluster membership", cluster.get()::leave); // leave before the listeners stop
            }
            started.add("admin channel", Parts.openAdminChannel(config, admin));
            return new Appliance(config, s, sfu, recorder, signal, server, started, turn, history, cluster);
        } catch (RuntimeException e) {
            started.closeAfter(e);
            throw e;
        }
    }

    /** What {@code zvc-admin status} shows; reads the ports actually bound (configured 0 picks one), for doctor. */
    private static Supplier<Map<String, Object>> status(AppConfig config, LiveMeetings live, Sfu sfu,
                                                        Optional<BuiltInTurn> turn, AtomicReference<WebServer> listening,
                                                        Optional<Cluster> cluster) {
        long startedNanos = System.nanoTime();
        return () -> {
            var m = new LinkedHashMap<String, Object>();
            m.put("uptimeSeconds", (System.nanoTime() - startedNanos) / 1_000_000_000L);
            m.put("rooms", live.roomCount());
            m.put("participants", live.participantCount());
            m.put("mediaRooms", sfu.roomCount());
            WebServer web = listening.get();
            if (web != null) {
                m.put("httpsPort", web.port());
                m.put("redirectPort", config.server().redirectPort() >= 0 ? web.port(REDIRECT_SOCKET) : -1);
            }
            m.put("mediaPort", sfu.port());
            m.put("turnPort", turn.map(BuiltInTurn::port).orElse(-1));
            cluster.ifPresent(c -> m.put("cluster", ClusterParts.status(c)));
            return m;
        };
    }

    public int httpsPort() {
        return server.port();
    }

    /** The redirecting HTTP port, or -1 when disabled. */
    public int redirectPort() {
        return config.server().redirectPort() >= 0 ? server.port(REDIRECT_SOCKET) : -1;
    }

    /** The TURN server's UDP port, or -1 when TURN is disabled. */
    public int turnPort() {
        return turn.map(BuiltInTurn::port).orElse(-1);
    }

    /** The TURN server, when enabled (tests read its counters). */
    public Optional<TurnServer> turnServer() {
        return turn.map(BuiltInTurn::server);
    }

    public AppConfig config() {
        return config;
    }

    public AuthService authService() {
        return services.auth();
    }

    public Database database() {
        return services.db();
    }

    /** The dashboard's activity history (tests take samples without waiting a minute). */
    public ActivityHistory history() {
        return history;
    }

    public Sfu sfu() {
        return sfu;
    }

    public SignalEndpoint signal() {
        return signal;
    }

    public RecordingManager recorder() {
        return recorder;
    }

    public LiveMeetings liveMeetings() {
        return services.live();
    }

    /** The bus between components (in a cluster, also between nodes). */
    public EventBus bus() {
        return services.bus();
    }

    /** This node's part in a cluster, when {@code cluster.enabled}. */
    public Optional<Cluster> cluster() {
        return cluster;
    }

    /**
     * Graceful stop, the reverse of the start: the admin channel, then (in a cluster) leaving it, so
     * no new meeting is placed here, and the listeners (in-flight
     * requests finish), then signaling, the recorder (it finishes the files of running recordings),
     * the TURN server, the media engine, and the database last.
     */
    @Override
    public void close() {
        started.close();
    }
}

package com.zoomvconnect.app;

import com.zoomvconnect.admin.AdminChannel;
import com.zoomvconnect.admin.AdminService;
import com.zoomvconnect.api.BrandingRoutes;
import com.zoomvconnect.api.AccessLog;
import com.zoomvconnect.api.AdminApi;
import com.zoomvconnect.api.ApiAuth;
import com.zoomvconnect.api.ApiErrors;
import com.zoomvconnect.api.AuthApi;
import com.zoomvconnect.api.MeetingsApi;
import com.zoomvconnect.api.PublicUrl;
import com.zoomvconnect.api.RecordingControlApi;
import com.zoomvconnect.api.RecordingsApi;
import com.zoomvconnect.record.RecordingManager;
import com.zoomvconnect.api.SecurityHeaders;
import com.zoomvconnect.api.WebClientRoutes;
import com.zoomvconnect.auth.AuthService;
import com.zoomvconnect.auth.PasswordHasher;
import com.zoomvconnect.auth.TokenService;
import com.zoomvconnect.auth.TokenSigner;
import com.zoomvconnect.bus.InMemoryEventBus;
import com.zoomvconnect.media.ice.HostAddresses;
import com.zoomvconnect.media.sfu.Sfu;
import com.zoomvconnect.media.sfu.SfuConfig;
import com.zoomvconnect.meeting.LiveMeetings;
import com.zoomvconnect.meeting.MeetingService;
import com.zoomvconnect.meeting.ModerationAudit;
import com.zoomvconnect.meeting.RoomRecords;
import com.zoomvconnect.signal.SignalEndpoint;
import com.zoomvconnect.record.RecordingService;
import com.zoomvconnect.store.Database;
import com.zoomvconnect.store.MeetingDao;
import io.helidon.common.tls.Tls;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.integrations.openapi.ui.OpenApiUi;
import io.helidon.openapi.OpenApiFeature;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running appliance: builds the object graph by hand, starts the listeners, stops in order. */
public final class Appliance implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Appliance.class);
    static final String REDIRECT_SOCKET = "redirect";

    private final AppConfig config;
    private final Database database;
    private final WebServer server;
    private final AuthService authService;
    private final Sfu sfu;
    private final SignalEndpoint signal;
    private final LiveMeetings live;

    private AdminChannel adminChannel;
    private RecordingManager recorder;

    private Appliance(AppConfig config, Database database, WebServer server, AuthService authService, Sfu sfu,
                      SignalEndpoint signal, LiveMeetings live) {
        this.config = config;
        this.database = database;
        this.server = server;
        this.authService = authService;
        this.sfu = sfu;
        this.signal = signal;
        this.live = live;
    }

    /** Starts everything; on failure whatever was started is stopped again. */
    public static Appliance start(AppConfig config) {
        try {
            Files.createDirectories(config.dataDir());
            Files.createDirectories(config.dataDir().resolve("recordings"));
        } catch (IOException e) {
            throw new BadConfigException("Cannot create the data directory " + config.dataDir() + ": " + e.getMessage());
        }
        // Microsecond ticks: both databases store microseconds, so values read back equal those written.
        Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1000));
        TlsMaterial tls = TlsMaterial.resolve(config);
        Database db = Database.open(config.database());
        Sfu sfu = null;
        SignalEndpoint signal = null;
        RecordingManager recorder = null;
        AdminService adminService;
        AdminChannel adminChannel = null;
        try {
            int ended = db.jdbi().inTransaction(h -> new MeetingDao().endAllLive(h, clock.instant()));
            if (ended > 0) {
                LOG.info("Marked {} meeting(s) left live by the previous run as ended", ended);
            }
            var bus = new InMemoryEventBus();
            var hasher = new PasswordHasher(config.auth().password());
            var signer = new TokenSigner(Secrets.tokenKey(config.dataDir()));
            var tokens = new TokenService(signer, config.auth(), clock);
            var auth = new AuthService(db, hasher, tokens, config.auth(), clock);
            var meetings = new MeetingService(db, hasher, tokens, bus, clock);
            var recordings = new RecordingService(db, config.dataDir().resolve("recordings"), signer, clock);
            var apiAuth = new ApiAuth(auth);
            var live = new LiveMeetings(bus, clock, meetings::roomSettings, new RoomRecords(db, clock));
            var audit = new ModerationAudit(db, clock);
            try {
                var bind = java.net.InetAddress.getByName(config.server().host());
                sfu = new Sfu(new SfuConfig(bind, config.media().port(),
                        HostAddresses.resolve(config.media().announcedAddresses(), bind), 2200, 3_000_000L,
                        config.media().consentTimeout(), true, config.media().lastN(), config.media().audioLastN()));
            } catch (java.io.IOException | RuntimeException e) {
                throw new BadConfigException("Cannot open the media port " + config.media().port() + ": " + rootMessage(e));
            }
            MediaMetrics.bind(sfu);
            var rc = config.recording();
            try {
                recorder = new RecordingManager(db, sfu, live, clock, new RecordingManager.Settings(
                        config.dataDir().resolve("recordings"), rc.minFreeMb() * 1048576L, rc.quotaGb() * 1073741824L,
                        rc.retentionDays(), rc.transcription(), rc.compose(), rc.layout()), RecordingManager.defaultEngines(config.dataDir().resolve("models").resolve("vosk")));
            } catch (IOException e) {
                throw new BadConfigException("Cannot use the recordings directory: " + e.getMessage());
            }
            recorder.recoverInterrupted();
            signal = new SignalEndpoint(tokens, live, sfu, meetings, audit, recorder, config.signaling());
            var publicUrl = new PublicUrl(config.server().publicUrl(), "https://localhost:" + config.server().httpsPort());
            long startedNanos = System.nanoTime();
            Sfu media = sfu;
            var listening = new java.util.concurrent.atomic.AtomicReference<WebServer>();
            adminService = new AdminService(db, auth, hasher, clock, () -> {
                var m = new java.util.LinkedHashMap<String, Object>();
                m.put("uptimeSeconds", (System.nanoTime() - startedNanos) / 1_000_000_000L);
                m.put("rooms", live.roomCount());
                m.put("participants", live.participantCount());
                m.put("mediaRooms", media.roomCount());
                // The ports actually bound (configured 0 picks one), for zvc-admin doctor.
                WebServer web = listening.get();
                if (web != null) {
                    m.put("httpsPort", web.port());
                    m.put("redirectPort", config.server().redirectPort() >= 0 ? web.port(REDIRECT_SOCKET) : -1);
                }
                m.put("mediaPort", media.port());
                return m;
            });

            HttpRouting.Builder routing = HttpRouting.builder()
                    .addFilter(new AccessLog())
                    .addFilter(new SecurityHeaders())
                    .register("/api/v1/auth", new AuthApi(auth, apiAuth))
                    .register("/api/v1/meetings", new MeetingsApi(meetings, apiAuth, publicUrl, audit))
                    .register("/api/v1/meetings", new RecordingControlApi(recorder, meetings, live, apiAuth))
                    .register("/api/v1/recordings", new RecordingsApi(recordings, apiAuth))
                    .register("/api/v1/admin", new AdminApi(auth, apiAuth))
                    .register(new BrandingRoutes(adminService));
            WebClientRoutes.register(routing);
            ApiErrors.register(routing);

            var observe = ObserveFeature.builder()
                    .endpoint("/")
                    .addObserver(HealthObserver.builder()
                            .details(true)
                            .addCheck(() -> HealthCheckResponse.builder().status(db.isHealthy()).build(),
                                    HealthCheckType.READINESS, "database")
                            .build())
                    .addObserver(MetricsObserver.create())
                    .sockets(java.util.List.of("@default"))
                    .build();
            var openApi = OpenApiFeature.builder()
                    .webContext("/api/docs")
                    .staticFile("META-INF/openapi.yaml")
                    .addService(OpenApiUi.create())
                    .build();

            var builder = WebServer.builder()
                    .featuresDiscoverServices(false)
                    .host(config.server().host())
                    .port(config.server().httpsPort())
                    .shutdownHook(false)
                    .shutdownGracePeriod(config.server().shutdownGrace())
                    .maxPayloadSize(64L * 1024 * 1024)
                    .directHandlers(ApiErrors.directHandlers())
                    .tls(Tls.builder().privateKey(tls.privateKey()).privateKeyCertChain(tls.chain()).build())
                    .addFeature(observe)
                    .addFeature(openApi)
                    .routing(routing)
                    .addRouting(signal.routing());
            if (config.server().redirectPort() >= 0) {
                int httpsPort = config.server().httpsPort();
                builder.putSocket(REDIRECT_SOCKET, s -> s.host(config.server().host()).port(config.server().redirectPort()))
                        .routing(REDIRECT_SOCKET, r -> r.any((req, res) -> {
                            String host = req.headers().first(HeaderNames.HOST).orElse("localhost")
                                    .replaceFirst(":\\d+$", "").replaceAll("[^A-Za-z0-9.\\-\\[\\]:]", "");
                            String target = config.server().publicUrl().isBlank()
                                    ? "https://" + host + (httpsPort == 443 ? "" : ":" + httpsPort)
                                    : config.server().publicUrl().replaceAll("/$", "");
                            res.status(Status.MOVED_PERMANENTLY_301)
                                    .header(HeaderNames.LOCATION, target + req.path().rawPath()
                                            + (req.query().isEmpty() ? "" : "?" + req.query().rawValue()))
                                    .send();
                        }));
            }
            WebServer server = builder.build();
            try {
                server.start();
                // Helidon logs a listener that cannot bind instead of throwing; treat it as fatal.
                if (!server.isRunning() || server.port() <= 0
                        || (config.server().redirectPort() >= 0 && server.port(REDIRECT_SOCKET) <= 0)) {
                    server.stop();
                    throw new IllegalStateException("Address already in use (or not available)");
                }
            } catch (RuntimeException e) {
                throw new BadConfigException("Cannot listen on " + config.server().host() + ":" + config.server().httpsPort()
                        + (config.server().redirectPort() >= 0 ? " / " + config.server().redirectPort() : "") + ": " + rootMessage(e));
            }
            listening.set(server);
            LOG.info("HTTPS with {}", tls.origin());
            try {
                adminChannel = AdminChannel.start(config.dataDir(), adminService);
            } catch (java.io.IOException | RuntimeException e) {
                server.stop();
                throw new BadConfigException("Cannot open the admin channel " + AdminChannel.socketPath(config.dataDir()) + ": "
                        + rootMessage(e));
            }
            var appliance = new Appliance(config, db, server, auth, sfu, signal, live);
            appliance.adminChannel = adminChannel;
            appliance.recorder = recorder;
            return appliance;
        } catch (RuntimeException e) {
            if (recorder != null) {
                recorder.close();
            }
            if (signal != null) {
                signal.close();
            }
            if (sfu != null) {
                sfu.close();
            }
            db.close();
            throw e;
        }
    }

    public int httpsPort() {
        return server.port();
    }

    /** The redirecting HTTP port, or -1 when disabled. */
    public int redirectPort() {
        return config.server().redirectPort() >= 0 ? server.port(REDIRECT_SOCKET) : -1;
    }

    public AppConfig config() {
        return config;
    }

    public AuthService authService() {
        return authService;
    }

    public Database database() {
        return database;
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
        return live;
    }

    /** Graceful stop: listeners first (in-flight requests finish), then the database. */
    @Override
    public void close() {
        try {
            server.stop();
        } finally {
            if (adminChannel != null) {
                adminChannel.close();
            }
            if (recorder != null) {
                recorder.close(); // finishes the files of running recordings
            }
            signal.close();
            MediaMetrics.unbind(sfu);
            sfu.close();
            database.close();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

}

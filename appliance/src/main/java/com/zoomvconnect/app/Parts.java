package com.zoomvconnect.app;

import com.zoomvconnect.admin.AdminChannel;
import com.zoomvconnect.admin.ActivityHistory;
import com.zoomvconnect.admin.AdminService;
import com.zoomvconnect.api.ApiErrors;
import com.zoomvconnect.api.SelfTestApi;
import com.zoomvconnect.media.ice.HostAddresses;
import com.zoomvconnect.media.sfu.Sfu;
import com.zoomvconnect.media.sfu.SfuConfig;
import com.zoomvconnect.record.RecordingManager;
import com.zoomvconnect.signal.IceServers;
import com.zoomvconnect.signal.SignalEndpoint;
import io.helidon.common.tls.Tls;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How the appliance opens each part that holds a port, a socket or a directory. A part that
 * cannot open says so in one line naming what it needed ({@link BadConfigException}).
 */
final class Parts {
    static final String REDIRECT_SOCKET = Appliance.REDIRECT_SOCKET;

    private Parts() {
    }

    static void createDataDirectories(AppConfig config) {
        try {
            Files.createDirectories(config.dataDir());
            Files.createDirectories(config.dataDir().resolve("recordings"));
        } catch (IOException e) {
            throw new BadConfigException("Cannot create the data directory " + config.dataDir() + ": " + e.getMessage());
        }
    }

    /** Opens something on a UDP port and the same TCP port number. */
    private interface PortOpener<T> {
        T open() throws IOException;
    }

    /**
     * With port 0 the UDP port is ephemeral and TCP then takes the same number, which another
     * socket of this host may already use: a few fresh tries before that counts as an error.
     */
    private static <T> T openSamePortNumber(int port, PortOpener<T> opener) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return opener.open();
            } catch (java.net.BindException e) {
                if (port != 0 || attempt == 5) {
                    throw e;
                }
            } catch (java.io.UncheckedIOException e) {
                if (port != 0 || attempt == 5 || !(e.getCause() instanceof java.net.BindException)) {
                    throw e;
                }
            }
        }
    }

    static Sfu openMedia(AppConfig config) {
        var media = config.media();
        try {
            var bind = InetAddress.getByName(config.server().host());
            return openSamePortNumber(media.port(), () -> new Sfu(new SfuConfig(bind, media.port(),
                    HostAddresses.resolve(media.announcedAddresses(), bind), 2200, 3_000_000L, media.consentTimeout(), true,
                    media.lastN(), media.audioLastN(), media.workers(), media.sendBatch())));
        } catch (IOException | RuntimeException e) {
            throw new BadConfigException("Cannot open the media port " + media.port() + ": " + rootMessage(e));
        }
    }

    static BuiltInTurn openTurn(AppConfig config, Clock clock) {
        try {
            return openSamePortNumber(config.turn().port(), () -> BuiltInTurn.open(config, clock));
        } catch (IOException | RuntimeException e) {
            throw new BadConfigException("Cannot open the TURN port " + config.turn().port() + " (UDP and TCP): " + rootMessage(e));
        }
    }

    static RecordingManager openRecorder(AppConfig config, Services s, Sfu sfu) {
        var rc = config.recording();
        var dir = config.dataDir().resolve("recordings");
        try {
            return new RecordingManager(s.db(), sfu, s.live(), s.clock(), new RecordingManager.Settings(dir,
                    rc.minFreeMb() * 1048576L, rc.quotaGb() * 1073741824L, rc.retentionDays(), rc.transcription(),
                    rc.compose(), rc.layout()), RecordingManager.defaultEngines(config.dataDir().resolve("models").resolve("vosk")));
        } catch (IOException e) {
            throw new BadConfigException("Cannot use the recordings directory: " + e.getMessage());
        }
    }

    static WebServer webServer(AppConfig config, TlsMaterial tls, Services s, RecordingManager recorder,
                                       AdminService admin, SignalEndpoint signal, Sfu sfu, Optional<BuiltInTurn> turn,
                                       ActivityHistory history) {
        var server = config.server();
        var builder = WebServer.builder()
                .featuresDiscoverServices(false)
                .host(server.host())
                .port(server.httpsPort())
                .shutdownHook(false)
                .shutdownGracePeriod(server.shutdownGrace())
                .maxPayloadSize(64L * 1024 * 1024)
                .directHandlers(ApiErrors.directHandlers())
                // Helidon 4.2.0's query check refuses the ':' RFC 3986 allows (helidon-io/helidon#9862); QueryCheck
                // does it instead, in routing, so the refusal has the API's error shape and says what to encode.
                .addProtocol(io.helidon.webserver.http1.Http1Config.builder().validatePrologue(false).build())
                .tls(Tls.builder().privateKey(tls.privateKey()).privateKeyCertChain(tls.chain()).build())
                .addFeature(WebRoutes.observe(s.db()))
                .addFeature(WebRoutes.openApi())
                .routing(WebRoutes.https(s, recorder, admin, () -> MediaMetrics.totals(sfu), history, selfTestNetwork(config, sfu, turn),
                        config.cluster().enabled() ? config.cluster().nodeId() : ""))
                .addRouting(signal.routing());
        // TURN over TLS shares the HTTPS port (TurnOnHttpsPort tells the two apart by their first bytes).
        turn.ifPresent(t -> builder.addConnectionSelector(new TurnOnHttpsPort(t.server())));
        if (server.redirectPort() >= 0) {
            builder.putSocket(REDIRECT_SOCKET, socket -> socket.host(server.host()).port(server.redirectPort()))
                    .routing(REDIRECT_SOCKET, r -> WebRoutes.redirect(r, server));
        }
        return builder.build();
    }

    /** What the connection self-test checks: the media port and its announced addresses, and the TURN servers. */
    private static SelfTestApi.Network selfTestNetwork(AppConfig config, Sfu sfu, Optional<BuiltInTurn> turn) {
        List<String> addresses;
        try {
            // Zone ids (%eth0) mean nothing to a browser, link-local addresses nothing beyond the link.
            addresses = HostAddresses.resolve(config.media().announcedAddresses(), InetAddress.getByName(config.server().host()))
                    .stream().filter(a -> !a.isLinkLocalAddress()).map(a -> a.getHostAddress().replaceFirst("%.*$", "")).toList();
        } catch (IOException e) {
            addresses = List.of(); // the media port opened with these a moment ago; the page then tests relays only
        }
        return new SelfTestApi.Network(sfu.port(), addresses, turn.<IceServers>map(t -> t).orElse(IceServers.NONE),
                from -> sfu.answeredPlainBindingFrom(from, Duration.ofMinutes(1)));
    }

    static void listen(AppConfig config, WebServer web) {
        var server = config.server();
        try {
            web.start();
            // Helidon logs a listener that cannot bind instead of throwing; treat it as fatal.
            if (!web.isRunning() || web.port() <= 0 || (server.redirectPort() >= 0 && web.port(REDIRECT_SOCKET) <= 0)) {
                throw new IllegalStateException("Address already in use (or not available)");
            }
        } catch (RuntimeException e) {
            throw new BadConfigException("Cannot listen on " + server.host() + ":" + server.httpsPort()
                    + (server.redirectPort() >= 0 ? " / " + server.redirectPort() : "") + ": " + rootMessage(e));
        }
    }

    static AdminChannel openAdminChannel(AppConfig config, AdminService admin) {
        try {
            return AdminChannel.start(config.dataDir(), admin);
        } catch (IOException | RuntimeException e) {
            throw new BadConfigException("Cannot open the admin channel " + AdminChannel.socketPath(config.dataDir()) + ": "
                    + rootMessage(e));
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}

package com.zoomvconnect.app;

import com.zoomvconnect.media.ice.HostAddresses;
import com.zoomvconnect.media.turn.RelayPolicy;
import com.zoomvconnect.media.turn.TurnConfig;
import com.zoomvconnect.media.turn.TurnCredentials;
import com.zoomvconnect.media.turn.TurnServer;
import com.zoomvconnect.media.turn.TurnTcpListener;
import com.zoomvconnect.media.turn.TurnUdpListener;
import com.zoomvconnect.signal.IceServers;
import com.zoomvconnect.signal.ServerMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The appliance's TURN server, and the credentials every welcome carries for it: one
 * {@link TurnServer} reached over UDP ({@link TurnUdpListener}) and TCP ({@link TurnTcpListener})
 * on the TURN port and over TLS on the HTTPS port ({@link TurnOnHttpsPort}), and a timer that
 * sweeps expired allocations. By default a relay may reach only the SFU's own media addresses.
 */
final class BuiltInTurn implements AutoCloseable, IceServers {
    private static final Pattern HOST = Pattern.compile("^[A-Za-z0-9.\\-]+$|^\\[[0-9A-Fa-f:.]+]$");
    private static final long SWEEP_SECONDS = 5;
    /**
     * Two peer connections, each allocating once per local network of the browser and TURN URL
     * (Chromium does: one connection took 8 allocations on a machine with four networks and our
     * three URLs). A laptop with Wi-Fi, IPv6, a VPN and container bridges has more; at 8 the
     * subscribe connection of such a participant was refused every relay and got no media.
     */
    private static final int ALLOCATIONS_PER_PARTICIPANT = 48;

    private final TurnServer server;
    private final TurnUdpListener listener;
    private final TurnTcpListener tcpListener;
    private final ScheduledExecutorService sweeper;
    private final byte[] secret;
    private final AppConfig.Turn config;
    private final String configuredHost;
    private final int configuredPort;
    private volatile int listenerHttpsPort;
    private final String fallbackHost;
    private final Clock clock;

    private BuiltInTurn(TurnServer server, TurnUdpListener listener, TurnTcpListener tcpListener, byte[] secret, AppConfig config,
                        String fallbackHost, Clock clock) {
        this.server = server;
        this.listener = listener;
        this.tcpListener = tcpListener;
        this.secret = secret;
        this.config = config.turn();
        this.configuredHost = hostOf(config.server().publicUrl());
        this.configuredPort = portOf(config.server().publicUrl());
        this.listenerHttpsPort = config.server().httpsPort();
        this.fallbackHost = fallbackHost;
        this.clock = clock;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("turn-sweep").daemon().factory());
        sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_SECONDS, SWEEP_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * Opens the UDP port. The relay binds to {@code turn.relay.address}, else the server host when
     * it is concrete, else the first media address; the allow-list defaults to the media addresses.
     */
    static BuiltInTurn open(AppConfig config, Clock clock) throws IOException {
        var turn = config.turn();
        InetAddress bind = InetAddress.getByName(config.server().host());
        List<InetAddress> media = HostAddresses.resolve(config.media().announcedAddresses(), bind);
        InetAddress relay = !turn.relayAddress().isBlank() ? InetAddress.getByName(turn.relayAddress())
                : !bind.isAnyLocalAddress() ? bind : media.getFirst();
        RelayPolicy policy = RelayPolicy.only(turn.relayAllowed().isEmpty()
                ? media.stream().map(InetAddress::getHostAddress).toList() : turn.relayAllowed());
        byte[] secret = turn.secret().isBlank() ? Secrets.turnKey(config.dataDir()) : turn.secret().getBytes(StandardCharsets.UTF_8);
        var server = new TurnServer(TurnConfig.defaults(turn.realm(), secret, relay, policy)
                .withQuota(ALLOCATIONS_PER_PARTICIPANT), clock);
        TurnUdpListener listener = null;
        TurnTcpListener tcpListener;
        try {
            listener = TurnUdpListener.bind(new InetSocketAddress(bind, turn.port()), server);
            // The same port number over TCP (as coturn does): an ephemeral UDP port's number is then taken for TCP too.
            tcpListener = TurnTcpListener.bind(new InetSocketAddress(bind, listener.localAddress().getPort()), server);
        } catch (IOException | RuntimeException e) {
            if (listener != null) {
                listener.close();
            }
            server.close();
            throw e;
        }
        return new BuiltInTurn(server, listener, tcpListener, secret, config, media.getFirst().getHostAddress(), clock);
    }

    private void sweep() {
        try {
            server.sweep();
        } catch (RuntimeException e) {
            // The next sweep tries again; a dead timer would let expired relays pile up.
        }
    }

    /**
     * A credential valid for {@code turn.credential.lifetime}, for the host the client reached us
     * by: TURN over UDP and TCP on the TURN port, and TURN over TLS on the HTTPS port the client
     * used (for networks that let only TCP 443 out; see {@link TurnOnHttpsPort}). Browsers try all
     * and ICE prefers UDP relays over TCP over TLS ones, and direct paths over any.
     */
    @Override
    public List<ServerMessage.IceServer> issue(String participantId, String requestHost) {
        long expires = clock.instant().plus(config.credentialLifetime()).getEpochSecond();
        var c = TurnCredentials.issue(secret, participantId, expires);
        String host = host(requestHost);
        List<String> urls = List.of("turn:" + host + ":" + port() + "?transport=udp", "turn:" + host + ":" + port() + "?transport=tcp",
                "turns:" + host + ":" + httpsPort(requestHost) + "?transport=tcp");
        return List.of(new ServerMessage.IceServer(urls, c.username(), c.password()));
    }

    /** The HTTPS port clients reach: the public URL's, else the one in the request's Host, else the listener's. */
    int httpsPort(String requestHost) {
        if (!configuredHost.isEmpty()) {
            return configuredPort;
        }
        String h = requestHost == null ? "" : requestHost.trim();
        int colon = h.lastIndexOf(':');
        if (colon > h.lastIndexOf(']')) {
            try {
                return Integer.parseInt(h.substring(colon + 1));
            } catch (NumberFormatException e) {
                // not a port: fall through
            }
        }
        return listenerHttpsPort;
    }

    /** The configured public URL's host, else the request's Host (without port), else a media address. */
    String host(String requestHost) {
        if (!configuredHost.isEmpty()) {
            return configuredHost;
        }
        String h = requestHost == null ? "" : requestHost.trim();
        int colon = h.lastIndexOf(':');
        if (colon > h.lastIndexOf(']')) {
            h = h.substring(0, colon);
        }
        if (!h.isEmpty() && HOST.matcher(h).matches()) {
            return h;
        }
        return fallbackHost.contains(":") ? "[" + fallbackHost + "]" : fallbackHost;
    }

    private static String hostOf(String url) {
        if (url == null || url.isBlank()) {
            return "";
        }
        String h = URI.create(url.trim()).getHost();
        return h == null ? "" : h;
    }

    /** The HTTPS listener's real port, once bound (configured as 0 it is only known then). */
    void listeningOn(int httpsPort) {
        this.listenerHttpsPort = httpsPort;
    }

    private static int portOf(String url) {
        if (url == null || url.isBlank()) {
            return 443;
        }
        int p = URI.create(url.trim()).getPort();
        return p > 0 ? p : 443;
    }

    int port() {
        return listener.localAddress().getPort();
    }

    TurnServer server() {
        return server;
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        listener.close();
        tcpListener.close();
        server.close();
    }
}

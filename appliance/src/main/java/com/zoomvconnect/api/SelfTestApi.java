package com.zoomvconnect.api;

import com.zoomvconnect.signal.IceServers;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@code GET /api/v1/selftest}: what the connection self-test page ({@code /selftest}) needs to
 * check a user's network before a meeting: the media port and addresses (the port answers plain
 * STUN Binding requests, so {@code stun:<address>:<port>} tests UDP to it) and the TURN servers
 * with a credential minted for this test alone. Public, like a meeting link: a guest tests too.
 * The credential is as short-lived and as fenced as a participant's (the relay reaches only the
 * SFU's addresses; quotas per credential).
 */
public final class SelfTestApi implements HttpService {
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Where media goes: the SFU's port and the addresses it announces, the TURN servers, and
     * whether the media port lately answered a plain STUN request from a given address.
     */
    public record Network(int mediaPort, List<String> mediaAddresses, IceServers iceServers, Predicate<InetAddress> udpSeenFrom) {
    }

    private final Network network;

    private SelfTestApi(Network network) {
        this.network = network;
    }

    /** Mounts {@code /api/v1/selftest}. */
    public static void routing(HttpRouting.Builder routing, Network network) {
        routing.register("/api/v1/selftest", new SelfTestApi(network));
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::describe)
                .get("/udp", this::udpSeen);
        Routes.methodNotAllowed(rules, "/", "/udp");
    }

    private void describe(ServerRequest req, ServerResponse res) {
        byte[] id = new byte[8];
        RANDOM.nextBytes(id);
        String host = req.headers().first(HeaderNames.HOST).orElse("");
        var ice = network.iceServers().issue("selftest-" + HexFormat.of().formatHex(id), host);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        Json.send(res, Status.OK_200, Map.of(
                "mediaPort", network.mediaPort(),
                "mediaAddresses", network.mediaAddresses(),
                "iceServers", ice));
    }

    /**
     * {@code GET /api/v1/selftest/udp}: did the media port answer a plain STUN request from the
     * address this request came from, in the last minute? Browsers leave out a server-reflexive
     * candidate equal to a host candidate (a network without NAT), so the page asks the server.
     * Behind a reverse proxy the addresses differ and this says no; the page then relies on the
     * candidate alone.
     */
    private void udpSeen(ServerRequest req, ServerResponse res) {
        boolean seen = req.remotePeer().address() instanceof InetSocketAddress a && network.udpSeenFrom().test(a.getAddress());
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        Json.send(res, Status.OK_200, Map.of("reached", seen));
    }
}

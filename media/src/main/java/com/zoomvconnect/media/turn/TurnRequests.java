package com.zoomvconnect.media.turn;

import com.zoomvconnect.media.stun.Stun;
import com.zoomvconnect.media.stun.StunAttribute;
import com.zoomvconnect.media.stun.StunException;
import com.zoomvconnect.media.stun.StunMessage;
import com.zoomvconnect.media.stun.StunWriter;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Answers TURN requests (RFC 8656 §7 Allocate and Refresh, §9 CreatePermission, §11 ChannelBind)
 * and plain STUN Binding. Every TURN request is authenticated first (RFC 8489 §9.2.4); its
 * response carries MESSAGE-INTEGRITY under the same key, except 400, 401 and 438, which cannot.
 */
final class TurnRequests {
    /** RFC 8656 §14.7: REQUESTED-TRANSPORT carries the IP protocol number; only UDP is relayed. */
    private static final int UDP = 17;
    /** The comprehension-required attributes a TURN request may carry (RFC 8656 §18, RFC 8489 §14). */
    private static final Set<Integer> UNDERSTOOD = Set.of(Stun.USERNAME, Stun.MESSAGE_INTEGRITY,
            Stun.MESSAGE_INTEGRITY_SHA256, Stun.REALM, Stun.NONCE, Stun.LIFETIME, Stun.REQUESTED_TRANSPORT,
            Stun.REQUESTED_ADDRESS_FAMILY, Stun.XOR_PEER_ADDRESS, Stun.CHANNEL_NUMBER, Stun.DATA_ATTR);

    private final TurnServer server;
    private final TurnConfig config;
    private final LongTermAuth auth;
    private final InstantSource clock;
    private final TurnCounters counters;
    private final int relayFamily;

    TurnRequests(TurnServer server, TurnConfig config, LongTermAuth auth, InstantSource clock, TurnCounters counters) {
        this.server = server;
        this.config = config;
        this.auth = auth;
        this.clock = clock;
        this.counters = counters;
        this.relayFamily = family(config.relayAddress());
    }

    /** The response to a request (always one: even a refusal is answered). */
    byte[] handle(StunMessage m, ClientPath from) {
        counters.requests.increment();
        long now = clock.millis();
        InetSocketAddress client = from.fiveTuple().client();
        int method = Stun.method(m.type());
        if (method == Stun.method(Stun.BINDING_REQUEST)) {
            // A TURN server is a STUN server too (RFC 8656 §3); Binding needs no credentials.
            return new StunWriter(Stun.BINDING_SUCCESS, m.transactionId()).xorMappedAddress(client).toBytes();
        }
        if (method != Stun.ALLOCATE && method != Stun.REFRESH && method != Stun.CREATE_PERMISSION && method != Stun.CHANNEL_BIND) {
            return refuse(m, Refusal.BAD_REQUEST, null, client, now);
        }
        LongTermAuth.Outcome outcome = auth.check(m, client, now);
        if (outcome instanceof LongTermAuth.Refused r) {
            return refuse(m, r.refusal(), null, client, now);
        }
        var user = (LongTermAuth.Authenticated) outcome;
        int[] unknown = unknownAttributes(m);
        if (unknown.length > 0) {
            // RFC 8489 §6.3.1.1: after authentication, unknown comprehension-required attributes get 420.
            counters.refused(Refusal.UNKNOWN_ATTRIBUTE);
            return error(m, Refusal.UNKNOWN_ATTRIBUTE).unknownAttributes(unknown).messageIntegrity(user.key()).toBytes();
        }
        try {
            return switch (method) {
                case Stun.ALLOCATE -> allocate(m, from, user, now);
                case Stun.REFRESH -> refresh(m, from, user, now);
                case Stun.CREATE_PERMISSION -> createPermission(m, from, user, now);
                default -> channelBind(m, from, user, now);
            };
        } catch (StunException e) {
            // A malformed address attribute in an authentic request.
            return refuse(m, Refusal.BAD_REQUEST, user.key(), client, now);
        }
    }

    /** RFC 8656 §7.2. */
    private byte[] allocate(StunMessage m, ClientPath from, LongTermAuth.Authenticated user, long now) {
        InetSocketAddress client = from.fiveTuple().client();
        Allocation existing = server.live(from.fiveTuple(), now);
        if (existing != null) {
            if (Arrays.equals(existing.allocateTransactionId, m.transactionId()) && existing.username.equals(user.username())) {
                // A retransmitted Allocate gets the same success again, not 437.
                return allocated(m, existing, config.defaultLifetime().toSeconds(), client);
            }
            return refuse(m, Refusal.ALLOCATION_MISMATCH, user.key(), client, now);
        }
        Optional<Integer> transport = m.requestedTransport();
        if (transport.isEmpty()) {
            return refuse(m, Refusal.BAD_REQUEST, user.key(), client, now);
        }
        if (transport.get() != UDP) {
            return refuse(m, Refusal.UNSUPPORTED_TRANSPORT, user.key(), client, now);
        }
        Optional<Integer> family = m.requestedAddressFamily();
        if (family.isPresent() && family.get() != relayFamily) {
            return refuse(m, Refusal.ADDRESS_FAMILY_NOT_SUPPORTED, user.key(), client, now);
        }
        if (!server.reserve(user.user())) {
            return refuse(m, Refusal.QUOTA_REACHED, user.key(), client, now);
        }
        long lifetime = lifetimeSeconds(m.lifetime().orElse(0L));
        Allocation a;
        DatagramChannel relay = null;
        try {
            relay = DatagramChannel.open();
            relay.bind(new InetSocketAddress(config.relayAddress(), 0));
            a = new Allocation(from.fiveTuple(), from, user.username(), user.user(), user.key(), m.transactionId(), relay,
                    lifetime * 1000, config, clock, counters);
        } catch (IOException e) {
            closeQuietly(relay);
            server.release(user.user());
            return refuse(m, Refusal.INSUFFICIENT_CAPACITY, user.key(), client, now);
        }
        if (!server.add(a)) {
            a.close();
            server.release(user.user());
            return refuse(m, Refusal.ALLOCATION_MISMATCH, user.key(), client, now);
        }
        a.start();
        return allocated(m, a, lifetime, client);
    }

    private byte[] allocated(StunMessage m, Allocation a, long lifetime, InetSocketAddress client) {
        return success(m).xorAddress(Stun.XOR_RELAYED_ADDRESS, a.relayAddress).int32(Stun.LIFETIME, (int) lifetime)
                .xorMappedAddress(client).messageIntegrity(a.key).toBytes();
    }

    /** RFC 8656 §7.3: LIFETIME 0 deletes the allocation, anything else sets a new lifetime. */
    private byte[] refresh(StunMessage m, ClientPath from, LongTermAuth.Authenticated user, long now) {
        InetSocketAddress client = from.fiveTuple().client();
        Allocation a = owned(from, user, now);
        if (a == null) {
            return refuse(m, mismatch(from, now), user.key(), client, now);
        }
        Optional<Integer> family = m.requestedAddressFamily();
        if (family.isPresent() && family.get() != relayFamily) {
            return refuse(m, Refusal.PEER_ADDRESS_FAMILY_MISMATCH, user.key(), client, now);
        }
        long requested = m.lifetime().orElse(-1L);
        long lifetime = requested == 0 ? 0 : lifetimeSeconds(Math.max(requested, 0));
        if (lifetime == 0) {
            server.remove(a, false);
        } else {
            a.refresh(lifetime * 1000, now);
        }
        return success(m).int32(Stun.LIFETIME, (int) lifetime).messageIntegrity(user.key()).toBytes();
    }

    /** RFC 8656 §9.2: every XOR-PEER-ADDRESS must be acceptable, or no permission is installed. */
    private byte[] createPermission(StunMessage m, ClientPath from, LongTermAuth.Authenticated user, long now) throws StunException {
        InetSocketAddress client = from.fiveTuple().client();
        Allocation a = owned(from, user, now);
        if (a == null) {
            return refuse(m, mismatch(from, now), user.key(), client, now);
        }
        List<InetSocketAddress> peers = m.xorAddresses(Stun.XOR_PEER_ADDRESS);
        if (peers.isEmpty()) {
            return refuse(m, Refusal.BAD_REQUEST, user.key(), client, now);
        }
        for (InetSocketAddress peer : peers) {
            Refusal r = peerRefusal(peer.getAddress());
            if (r != null) {
                return refuse(m, r, user.key(), client, now);
            }
        }
        for (InetSocketAddress peer : peers) {
            a.permit(peer.getAddress(), now);
        }
        return success(m).messageIntegrity(user.key()).toBytes();
    }

    /** RFC 8656 §11.2. */
    private byte[] channelBind(StunMessage m, ClientPath from, LongTermAuth.Authenticated user, long now) throws StunException {
        InetSocketAddress client = from.fiveTuple().client();
        Allocation a = owned(from, user, now);
        if (a == null) {
            return refuse(m, mismatch(from, now), user.key(), client, now);
        }
        Optional<Integer> number = m.channelNumber();
        Optional<InetSocketAddress> peer = m.xorAddress(Stun.XOR_PEER_ADDRESS);
        if (number.isEmpty() || !ChannelData.isValidChannel(number.get()) || peer.isEmpty()) {
            return refuse(m, Refusal.BAD_REQUEST, user.key(), client, now);
        }
        Refusal r = peerRefusal(peer.get().getAddress());
        if (r != null) {
            return refuse(m, r, user.key(), client, now);
        }
        if (a.bind(number.get(), peer.get(), now) != Allocation.BindResult.BOUND) {
            return refuse(m, Refusal.BAD_REQUEST, user.key(), client, now);
        }
        return success(m).messageIntegrity(user.key()).toBytes();
    }

    /** The allocation of this 5-tuple if the request's username is the one that made it. */
    private Allocation owned(ClientPath from, LongTermAuth.Authenticated user, long now) {
        Allocation a = server.live(from.fiveTuple(), now);
        return a != null && a.username.equals(user.username()) ? a : null;
    }

    /** 437 when there is no allocation, 441 when it belongs to other credentials (RFC 8656 §5). */
    private Refusal mismatch(ClientPath from, long now) {
        return server.live(from.fiveTuple(), now) == null ? Refusal.ALLOCATION_MISMATCH : Refusal.WRONG_CREDENTIALS;
    }

    private Refusal peerRefusal(InetAddress peer) {
        if (family(peer) != relayFamily) {
            return Refusal.PEER_ADDRESS_FAMILY_MISMATCH;
        }
        if (peer.isAnyLocalAddress() || peer.isMulticastAddress()) {
            return Refusal.FORBIDDEN_PEER; // not a peer even where the policy allows everything
        }
        return config.policy().allows(peer) ? null : Refusal.FORBIDDEN_PEER;
    }

    /** RFC 8656 §7.2: the requested lifetime, at least the default and at most the maximum. */
    private long lifetimeSeconds(long requested) {
        long def = config.defaultLifetime().toSeconds();
        return Math.min(Math.max(requested, def), config.maxLifetime().toSeconds());
    }

    private int[] unknownAttributes(StunMessage m) {
        int[] out = new int[0];
        for (StunAttribute a : m.attributes()) {
            if (a.type() == Stun.MESSAGE_INTEGRITY) {
                break; // RFC 8489 §14.5: what follows MESSAGE-INTEGRITY is ignored
            }
            if (Stun.comprehensionRequired(a.type()) && !UNDERSTOOD.contains(a.type())) {
                out = Arrays.copyOf(out, out.length + 1);
                out[out.length - 1] = a.type();
            }
        }
        return out;
    }

    private byte[] refuse(StunMessage m, Refusal r, byte[] key, InetSocketAddress client, long now) {
        counters.refused(r);
        StunWriter w = error(m, r);
        if (r.code == 401 || r.code == 438) {
            // RFC 8489 §9.2.4: a challenge names the realm and a fresh nonce, and has no integrity.
            return w.realm(auth.realm()).nonce(auth.nonce(client, now)).toBytes();
        }
        return key == null ? w.toBytes() : w.messageIntegrity(key).toBytes();
    }

    private static StunWriter success(StunMessage m) {
        return new StunWriter(Stun.method(m.type()) | Stun.CLASS_SUCCESS, m.transactionId());
    }

    private static StunWriter error(StunMessage m, Refusal r) {
        return new StunWriter(Stun.method(m.type()) | Stun.CLASS_ERROR, m.transactionId()).errorCode(r.code, r.reason);
    }

    private static int family(InetAddress a) {
        return a instanceof Inet4Address ? 1 : 2;
    }

    private static void closeQuietly(DatagramChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // nothing more to do
            }
        }
    }
}

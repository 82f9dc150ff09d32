package com.zoomvconnect.media.turn;

import com.zoomvconnect.media.stun.Stun;
import com.zoomvconnect.media.stun.StunAttribute;
import com.zoomvconnect.media.stun.StunException;
import com.zoomvconnect.media.stun.StunMessage;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TURN server (RFC 8656) with UDP relays, independent of how clients reach it: listeners hand
 * it each message with the {@link ClientPath} it came on ({@link TurnUdpListener} for UDP, a
 * {@link StreamFramer} per connection for TCP and TLS). Requests are answered by
 * {@link TurnRequests}; Send indications and ChannelData are relayed here without allocating.
 * Time comes from the injected clock; {@link #sweep()} (called periodically by the owner)
 * removes what has expired, and look-ups ignore anything past its time in between.
 */
public final class TurnServer implements AutoCloseable {
    private final TurnConfig config;
    private final InstantSource clock;
    private final TurnCounters counters = new TurnCounters();
    private final Map<FiveTuple, Allocation> allocations = new ConcurrentHashMap<>();
    private final Map<String, Integer> perUser = new ConcurrentHashMap<>();
    private final TurnRequests requests;

    public TurnServer(TurnConfig config, InstantSource clock) {
        this.config = config;
        this.clock = clock;
        this.requests = new TurnRequests(this, config, new LongTermAuth(config), clock, counters);
    }

    /**
     * Handles one message (the buffer's remaining bytes; a heap buffer the caller reuses after the
     * call, whose position and limit this may change). Called on the listener's thread.
     */
    public void onPacket(ByteBuffer packet, ClientPath from) {
        int len = packet.remaining();
        if (len < ChannelData.HEADER_LENGTH) {
            counters.dropped(TurnDrop.MALFORMED);
            return;
        }
        byte[] a = packet.array();
        int off = packet.arrayOffset() + packet.position();
        int first = a[off] & 0xff;
        if (ChannelData.looksLikeChannelData(first)) {
            onChannelData(packet, a, off, len, from);
            return;
        }
        if ((first & 0xC0) != 0) {
            counters.dropped(TurnDrop.UNKNOWN_KIND);
            return;
        }
        StunMessage m;
        try {
            m = StunMessage.parse(a, off, len);
        } catch (StunException e) {
            counters.dropped(TurnDrop.MALFORMED);
            return;
        }
        if (!m.verifyFingerprint(false)) {
            counters.dropped(TurnDrop.MALFORMED);
            return;
        }
        int cls = Stun.messageClass(m.type());
        if (cls == Stun.CLASS_REQUEST) {
            byte[] response = requests.handle(m, from);
            from.send(ByteBuffer.wrap(response));
        } else if (cls == Stun.CLASS_INDICATION && Stun.method(m.type()) == Stun.SEND) {
            onSend(m, packet, from);
        } else {
            counters.dropped(TurnDrop.IGNORED);
        }
    }

    /** A stream connection closed: its allocation goes with it (RFC 8656 §3.1, §7). */
    public void onPathClosed(ClientPath path) {
        Allocation a = allocations.get(path.fiveTuple());
        if (a != null) {
            remove(a, false);
        }
    }

    /** RFC 8656 §11.2: a Send indication without an allocation, peer, data or permission is discarded. */
    private void onSend(StunMessage m, ByteBuffer packet, ClientPath from) {
        long now = clock.millis();
        Allocation alloc = live(from.fiveTuple(), now);
        if (alloc == null) {
            counters.dropped(TurnDrop.NO_ALLOCATION);
            return;
        }
        Optional<InetSocketAddress> peer;
        try {
            peer = m.xorAddress(Stun.XOR_PEER_ADDRESS);
        } catch (StunException e) {
            counters.dropped(TurnDrop.MALFORMED);
            return;
        }
        Optional<StunAttribute> data = m.attribute(Stun.DATA_ATTR);
        if (peer.isEmpty() || data.isEmpty()) {
            counters.dropped(TurnDrop.MALFORMED);
            return;
        }
        if (!config.policy().allows(peer.get().getAddress())) {
            counters.dropped(TurnDrop.FORBIDDEN_PEER);
            return;
        }
        // The value still sits in the caller's buffer at the same offset: send it from there.
        int start = packet.position() + data.get().valueOffset();
        packet.limit(start + data.get().valueLength()).position(start);
        alloc.sendToPeer(packet, peer.get(), now);
    }

    /** RFC 8656 §12.5: ChannelData on an unbound channel, or shorter than its length field, is discarded. */
    private void onChannelData(ByteBuffer packet, byte[] a, int off, int len, ClientPath from) {
        int number = ChannelData.channel(a, off);
        int dataLen = ChannelData.dataLength(a, off);
        if (!ChannelData.isValidChannel(number) || ChannelData.HEADER_LENGTH + dataLen > len) {
            counters.dropped(TurnDrop.MALFORMED);
            return;
        }
        long now = clock.millis();
        Allocation alloc = live(from.fiveTuple(), now);
        if (alloc == null) {
            counters.dropped(TurnDrop.NO_ALLOCATION);
            return;
        }
        Allocation.ChannelBinding b = alloc.channel(number, now);
        if (b == null) {
            counters.dropped(TurnDrop.NO_CHANNEL);
            return;
        }
        int start = packet.position() + ChannelData.HEADER_LENGTH;
        packet.limit(start + dataLen).position(start);
        alloc.sendToPeer(packet, b.peer, now);
    }

    /** The live allocation of a 5-tuple; one found past its lifetime is removed on the spot. */
    Allocation live(FiveTuple tuple, long nowMillis) {
        Allocation a = allocations.get(tuple);
        if (a != null && !a.isLive(nowMillis)) {
            remove(a, true);
            return null;
        }
        return a;
    }

    /** Adds an allocation unless its 5-tuple has one already (then false, and the caller closes it). */
    boolean add(Allocation a) {
        if (allocations.putIfAbsent(a.fiveTuple, a) != null) {
            return false;
        }
        counters.allocationsCreated.increment();
        return true;
    }

    void remove(Allocation a, boolean expired) {
        if (allocations.remove(a.fiveTuple, a)) {
            a.close();
            release(a.user);
            (expired ? counters.allocationsExpired : counters.allocationsDeleted).increment();
        }
    }

    /** Takes one of the user's quota of allocations; false when none is left (486, RFC 8656 §7.2). */
    boolean reserve(String user) {
        boolean[] taken = {false};
        perUser.compute(user, (u, n) -> {
            int have = n == null ? 0 : n;
            if (have >= config.maxAllocationsPerUser()) {
                return n;
            }
            taken[0] = true;
            return have + 1;
        });
        return taken[0];
    }

    void release(String user) {
        perUser.computeIfPresent(user, (u, n) -> n <= 1 ? null : n - 1);
    }

    /** Removes expired allocations, permissions and channel bindings; call every few seconds. */
    public void sweep() {
        long now = clock.millis();
        for (Allocation a : allocations.values()) {
            if (!a.isLive(now)) {
                remove(a, true);
            } else {
                a.prune(now);
            }
        }
    }

    public int allocationCount() {
        return allocations.size();
    }

    public TurnCounters counters() {
        return counters;
    }

    /** All counters by name, for metrics (as {@code SfuCounters.snapshot()}). */
    public Map<String, Long> snapshot() {
        return counters.snapshot(allocations.size());
    }

    @Override
    public void close() {
        for (Allocation a : allocations.values()) {
            remove(a, false);
        }
    }
}

package com.zoomvconnect.media.turn;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One allocation (RFC 8656 §5): a relayed UDP socket owned by one client 5-tuple, with its
 * permissions (§9), channel bindings (§12) and lifetime. Threading: requests, Send indications and
 * ChannelData arrive on the client's listener thread; datagrams from peers are read by the
 * allocation's own virtual thread. Shared state is in concurrent maps and volatile fields; no
 * lock is ever held, least of all across socket I/O.
 */
final class Allocation implements AutoCloseable {
    /** RFC 8656 §9: permissions last 300 s unless refreshed. */
    static final long PERMISSION_MILLIS = 300_000;
    /** RFC 8656 §12: channel bindings last 10 minutes unless refreshed. */
    static final long CHANNEL_MILLIS = 600_000;
    /** RFC 8656 §12: an expired binding's number and address stay reserved for 5 more minutes. */
    static final long CHANNEL_COOLDOWN_MILLIS = 300_000;
    /** Larger peer datagrams would not fit a Data indication's 16-bit length (RFC 8489 §5). */
    private static final int MAX_DATAGRAM = 0xFFFF - DataIndication.HEADROOM - 4;

    final FiveTuple fiveTuple;
    final ClientPath client;
    final String username;
    final String user;
    final byte[] key;
    final byte[] allocateTransactionId;
    final InetSocketAddress relayAddress;
    private final DatagramChannel relay;
    private final InstantSource clock;
    private final TurnCounters counters;
    private final RelayBudget toPeerBudget;
    private final RelayBudget toClientBudget;
    private final Map<InetAddress, Long> permissions = new ConcurrentHashMap<>();
    private final AtomicReferenceArray<ChannelBinding> byNumber =
            new AtomicReferenceArray<>(ChannelData.MAX_CHANNEL - ChannelData.MIN_CHANNEL + 1);
    private final Map<InetSocketAddress, ChannelBinding> byPeer = new ConcurrentHashMap<>();
    private volatile long expiresAtMillis;
    private volatile boolean open = true;

    /** A channel number bound to a peer transport address. */
    static final class ChannelBinding {
        final int number;
        final InetSocketAddress peer;
        volatile long expiresAtMillis;

        ChannelBinding(int number, InetSocketAddress peer, long expiresAtMillis) {
            this.number = number;
            this.peer = peer;
            this.expiresAtMillis = expiresAtMillis;
        }
    }

    /** The answer to a ChannelBind (RFC 8656 §11.2). */
    enum BindResult { BOUND, CHANNEL_IN_USE, PEER_ON_OTHER_CHANNEL }

    Allocation(FiveTuple fiveTuple, ClientPath client, String username, String user, byte[] key, byte[] allocateTransactionId,
            DatagramChannel relay, long lifetimeMillis, TurnConfig config, InstantSource clock, TurnCounters counters)
            throws IOException {
        this.fiveTuple = fiveTuple;
        this.client = client;
        this.username = username;
        this.user = user;
        this.key = key;
        this.allocateTransactionId = allocateTransactionId;
        this.relay = relay;
        this.relayAddress = (InetSocketAddress) relay.getLocalAddress();
        this.clock = clock;
        this.counters = counters;
        long now = clock.millis();
        this.toPeerBudget = new RelayBudget(config.maxBytesPerSecond(), config.maxPacketsPerSecond(), now);
        this.toClientBudget = new RelayBudget(config.maxBytesPerSecond(), config.maxPacketsPerSecond(), now);
        this.expiresAtMillis = now + lifetimeMillis;
    }

    /** Starts reading from peers; once the server has accepted the allocation. */
    void start() {
        Thread.ofVirtual().name("turn-relay-" + relayAddress.getPort()).start(this::readLoop);
    }

    boolean isLive(long nowMillis) {
        return open && nowMillis < expiresAtMillis;
    }

    void refresh(long lifetimeMillis, long nowMillis) {
        expiresAtMillis = nowMillis + lifetimeMillis;
    }

    /** Installs or refreshes a permission for the peer's IP address; ports are not part of it (RFC 8656 §9). */
    void permit(InetAddress peer, long nowMillis) {
        permissions.put(peer, nowMillis + PERMISSION_MILLIS);
    }

    boolean permits(InetAddress peer, long nowMillis) {
        Long until = permissions.get(peer);
        return until != null && nowMillis < until;
    }

    /** RFC 8656 §11.2: a number and an address are bound to each other only, until 5 minutes past expiry. */
    BindResult bind(int number, InetSocketAddress peer, long nowMillis) {
        ChannelBinding existing = byNumber.get(number - ChannelData.MIN_CHANNEL);
        if (existing != null && existing.expiresAtMillis + CHANNEL_COOLDOWN_MILLIS > nowMillis && !existing.peer.equals(peer)) {
            return BindResult.CHANNEL_IN_USE;
        }
        ChannelBinding other = byPeer.get(peer);
        if (other != null && other.number != number && other.expiresAtMillis + CHANNEL_COOLDOWN_MILLIS > nowMillis) {
            return BindResult.PEER_ON_OTHER_CHANNEL;
        }
        if (existing != null && existing.peer.equals(peer)) {
            existing.expiresAtMillis = nowMillis + CHANNEL_MILLIS;
        } else {
            var b = new ChannelBinding(number, peer, nowMillis + CHANNEL_MILLIS);
            if (existing != null) {
                byPeer.remove(existing.peer, existing);
            }
            byNumber.set(number - ChannelData.MIN_CHANNEL, b);
            byPeer.put(peer, b);
        }
        // RFC 8656 §11.2: a channel binding also installs or refreshes the permission.
        permit(peer.getAddress(), nowMillis);
        return BindResult.BOUND;
    }

    /** The live binding of a channel number, or null. */
    ChannelBinding channel(int number, long nowMillis) {
        ChannelBinding b = byNumber.get(number - ChannelData.MIN_CHANNEL);
        return b != null && nowMillis < b.expiresAtMillis ? b : null;
    }

    /** Relays the buffer's remaining bytes to a peer (Send indication or ChannelData, RFC 8656 §11.2, §12.5). */
    void sendToPeer(ByteBuffer data, InetSocketAddress peer, long nowMillis) {
        int len = data.remaining();
        if (!permits(peer.getAddress(), nowMillis)) {
            counters.dropped(TurnDrop.NO_PERMISSION);
            return;
        }
        if (!toPeerBudget.take(len, nowMillis)) {
            counters.dropped(TurnDrop.OVER_BUDGET);
            return;
        }
        // Counted before the send: whoever reads the packet may read the counters at once.
        counters.toPeerPackets.increment();
        counters.toPeerBytes.add(len);
        try {
            relay.send(data, peer);
        } catch (IOException e) {
            counters.toPeerPackets.decrement();
            counters.toPeerBytes.add(-len);
            counters.dropped(TurnDrop.SEND_ERROR);
        }
    }

    /** Peer → client: ChannelData if the peer has a channel, else a Data indication (RFC 8656 §11.3, §12.6). */
    private void readLoop() {
        int headroom = DataIndication.HEADROOM;
        ByteBuffer buf = ByteBuffer.allocate(headroom + MAX_DATAGRAM + 3);
        byte[] a = buf.array();
        boolean stream = fiveTuple.transport().isStream();
        InetSocketAddress lastPeer = null;
        byte[] lastRaw = null;
        while (open) {
            SocketAddress from;
            try {
                buf.clear().position(headroom).limit(headroom + MAX_DATAGRAM);
                from = relay.receive(buf);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                continue;
            }
            if (!(from instanceof InetSocketAddress peer)) {
                continue;
            }
            int len = buf.position() - headroom;
            long now = clock.millis();
            if (!isLive(now) || !permits(peer.getAddress(), now)) {
                // RFC 8656 §10.3: data from a peer without a permission is silently discarded.
                counters.dropped(TurnDrop.NO_PERMISSION);
                continue;
            }
            if (!toClientBudget.take(len, now)) {
                counters.dropped(TurnDrop.OVER_BUDGET);
                continue;
            }
            int start;
            int end;
            ChannelBinding b = byPeer.get(peer);
            if (b != null && now < b.expiresAtMillis) {
                start = headroom - ChannelData.HEADER_LENGTH;
                ChannelData.writeHeader(a, start, b.number, len);
                // RFC 8656 §12.5: padding to 4 bytes is required on streams only.
                end = stream ? start + ChannelData.streamLength(len) : headroom + len;
                for (int i = headroom + len; i < end; i++) {
                    a[i] = 0;
                }
            } else {
                if (!peer.equals(lastPeer)) {
                    // The channel returns the same address object for the same sender, so this
                    // allocates only when the peer changes.
                    lastPeer = peer;
                    lastRaw = peer.getAddress().getAddress();
                }
                start = DataIndication.wrap(a, headroom, len, lastRaw, peer.getPort());
                end = headroom + ((len + 3) & ~3);
            }
            buf.limit(end).position(start);
            // Counted before the send: whoever reads the packet may read the counters at once.
            counters.toClientPackets.increment();
            counters.toClientBytes.add(len);
            if (!client.send(buf)) {
                counters.toClientPackets.decrement();
                counters.toClientBytes.add(-len);
                counters.dropped(TurnDrop.SEND_ERROR);
            }
        }
    }

    /** Forgets permissions and bindings past their time (bindings after their cool-down). */
    void prune(long nowMillis) {
        permissions.values().removeIf(until -> until <= nowMillis);
        byPeer.values().removeIf(b -> {
            if (b.expiresAtMillis + CHANNEL_COOLDOWN_MILLIS <= nowMillis) {
                byNumber.compareAndSet(b.number - ChannelData.MIN_CHANNEL, b, null);
                return true;
            }
            return false;
        });
    }

    @Override
    public void close() {
        open = false;
        try {
            relay.close();
        } catch (IOException e) {
            // closing anyway; the reader thread ends on the closed channel
        }
    }
}

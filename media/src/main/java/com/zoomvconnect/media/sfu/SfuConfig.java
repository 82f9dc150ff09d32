package com.zoomvconnect.media.sfu;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * SFU settings.
 *
 * @param bindAddress         where the media port listens (0.0.0.0 for all interfaces)
 * @param port                the one UDP port, and the same TCP port for ICE-TCP (0 picks a free one, for tests)
 * @param announced           addresses put in candidates, best first
 * @param startBitrateKbps    x-google-start-bitrate hint for publishers' video (0 = none)
 * @param maxVideoBitrate     REMB sent to publishers: the most a camera stream may use, bits/s
 * @param consentTimeout      a peer with no ICE check and no authenticated SRTP/SRTCP this long is gone (RFC 7675 says 30 s)
 * @param enableTcp           listen for ICE-TCP too
 * @param lastN               forward camera video of at most this many participants to each subscriber, the most
 *                            recent speakers first (0 = everyone)
 * @param audioLastN          in rooms larger than this, forward only this many loudest microphones (0 = all)
 * @param workers             threads receiving and forwarding on the UDP port, each with its own socket on it
 *                            (SO_REUSEPORT); 0 = one per available core
 * @param sendBatch           the workers send on Netty's epoll transport, a fan-out's copies in batches of one
 *                            {@code sendmmsg} each; falls back to NIO with a warning where epoll is unavailable
 */
public record SfuConfig(InetAddress bindAddress, int port, List<InetAddress> announced, int startBitrateKbps,
                        long maxVideoBitrate, Duration consentTimeout, boolean enableTcp, int lastN, int audioLastN,
                        int workers, boolean sendBatch) {
    /** Settings that send one datagram per system call (NIO). */
    public SfuConfig(InetAddress bindAddress, int port, List<InetAddress> announced, int startBitrateKbps,
                     long maxVideoBitrate, Duration consentTimeout, boolean enableTcp, int lastN, int audioLastN,
                     int workers) {
        this(bindAddress, port, announced, startBitrateKbps, maxVideoBitrate, consentTimeout, enableTcp, lastN, audioLastN,
                workers, false);
    }

    /** Settings with one media worker per available core. */
    public SfuConfig(InetAddress bindAddress, int port, List<InetAddress> announced, int startBitrateKbps,
                     long maxVideoBitrate, Duration consentTimeout, boolean enableTcp, int lastN, int audioLastN) {
        this(bindAddress, port, announced, startBitrateKbps, maxVideoBitrate, consentTimeout, enableTcp, lastN, audioLastN, 0);
    }

    /** The number of media workers this configuration asks for: {@link #workers}, or the available cores. */
    public int workerThreads() {
        return workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
    }

    /** Where a subscriber's downlink estimate starts (it then follows their transport feedback). */
    public long downlinkStartBps() {
        return 2_500_000L;
    }

    /** The most a subscriber's downlink estimate grows to. */
    public long downlinkMaxBps() {
        return 20_000_000L;
    }
}

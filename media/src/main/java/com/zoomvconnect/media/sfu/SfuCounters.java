package com.zoomvconnect.media.sfu;

import com.zoomvconnect.media.bwe.ProbeOutcome;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters of the SFU's packet path; drops are counted by reason, never logged per packet. */
public final class SfuCounters {
    public final LongAdder rtpIn = new LongAdder();
    public final LongAdder rtpOut = new LongAdder();
    /** Bytes of the RTP packets counted by {@link #rtpIn} and {@link #rtpOut}: header and payload, without SRTP's tag. */
    public final LongAdder rtpBytesIn = new LongAdder();
    public final LongAdder rtpBytesOut = new LongAdder();
    /** Sequence numbers expected from publishers (RFC 3550 §A.3): with {@link #rtpIn}, the uplink loss. */
    public final LongAdder rtpExpected = new LongAdder();
    public final LongAdder rtcpIn = new LongAdder();
    public final LongAdder rtcpOut = new LongAdder();
    public final LongAdder stunRequests = new LongAdder();
    /** DTLS handshakes completed (two per participant: a move between rooms adds none). */
    public final LongAdder dtlsHandshakes = new LongAdder();
    /** Handshakes (DTLS 1.2, all of them) whose client also offered DTLS 1.3. */
    public final LongAdder dtlsOfferedV13 = new LongAdder();
    /** Handshakes that negotiated DTLS 1.2 (all, until the DTLS library speaks 1.3). */
    public final LongAdder dtlsNegotiatedV12 = new LongAdder();
    public final LongAdder retransmissions = new LongAdder();
    public final LongAdder nacksSent = new LongAdder();
    public final LongAdder keyframeRequests = new LongAdder();
    public final LongAdder layerSwitches = new LongAdder();
    public final LongAdder transportFeedback = new LongAdder();
    public final LongAdder transportFeedbackIn = new LongAdder();
    // One per receive stage, in pipeline order (see Forwarder#onRtp).
    public final LongAdder transportCcRecorded = new LongAdder();
    public final LongAdder rtxUnwrapped = new LongAdder();
    public final LongAdder cached = new LongAdder();
    public final LongAdder audioLevels = new LongAdder();
    public final LongAdder recorded = new LongAdder();
    public final LongAdder fannedOut = new LongAdder();
    public final LongAdder dropUnknownUfrag = new LongAdder();
    /** Binding requests without USERNAME answered as a plain STUN server would (connection self-test). */
    public final LongAdder stunPlainBindings = new LongAdder();
    public final LongAdder dropBadIntegrity = new LongAdder();
    public final LongAdder dropBadStun = new LongAdder();
    public final LongAdder dropNoSession = new LongAdder();
    public final LongAdder dropNotConnected = new LongAdder();
    public final LongAdder dropSrtp = new LongAdder();
    public final LongAdder dropMalformedRtp = new LongAdder();
    public final LongAdder dropUnknownSsrc = new LongAdder();
    public final LongAdder dropDtlsQueueFull = new LongAdder();
    public final LongAdder dropPadding = new LongAdder();
    public final LongAdder dropMalformedRtcp = new LongAdder();
    /** Packets of a blocked or last-N-suppressed track, cached (and recorded unless blocked) but not fanned out. */
    public final LongAdder dropHeldBack = new LongAdder();
    /** Bandwidth probe clusters started towards subscribers, and their padding packets and bytes (see Prober). */
    public final LongAdder probeClusters = new LongAdder();
    public final LongAdder probePackets = new LongAdder();
    public final LongAdder probeBytes = new LongAdder();
    /** Clusters ended early by an error while sending. */
    public final LongAdder probeFailures = new LongAdder();
    /** Clusters by how they ended, by {@link ProbeOutcome}. */
    private final LongAdder[] probeOutcomes = new LongAdder[ProbeOutcome.values().length];
    /** ICE restarts asked by browsers whose network changed. */
    public final LongAdder iceRestarts = new LongAdder();
    /** Established transports whose browser nominated another address (a network change). */
    public final LongAdder icePathMoves = new LongAdder();
    /** Packets a down-track did not send, by {@link DropReason}. */
    private final LongAdder[] downTrackDrops = new LongAdder[DropReason.values().length];

    public SfuCounters() {
        for (int i = 0; i < downTrackDrops.length; i++) {
            downTrackDrops[i] = new LongAdder();
        }
        for (int i = 0; i < probeOutcomes.length; i++) {
            probeOutcomes[i] = new LongAdder();
        }
    }

    void probeOutcome(ProbeOutcome outcome) {
        probeOutcomes[outcome.ordinal()].increment();
    }

    void drop(DropReason reason) {
        downTrackDrops[reason.ordinal()].increment();
    }

    long drops(DropReason reason) {
        return downTrackDrops[reason.ordinal()].sum();
    }

    /** All counters by name, for metrics and diagnostics. */
    public Map<String, Long> snapshot() {
        var m = new LinkedHashMap<String, Long>();
        m.put("rtp_in", rtpIn.sum());
        m.put("rtp_out", rtpOut.sum());
        m.put("rtp_expected", rtpExpected.sum());
        m.put("rtp_bytes_in", rtpBytesIn.sum());
        m.put("rtp_bytes_out", rtpBytesOut.sum());
        m.put("rtcp_in", rtcpIn.sum());
        m.put("rtcp_out", rtcpOut.sum());
        m.put("stun_requests", stunRequests.sum());
        m.put("dtls_handshakes", dtlsHandshakes.sum());
        m.put("dtls_client_offered_v1_3", dtlsOfferedV13.sum());
        m.put("dtls_negotiated_v1_2", dtlsNegotiatedV12.sum());
        m.put("retransmissions", retransmissions.sum());
        m.put("nacks_sent", nacksSent.sum());
        m.put("keyframe_requests", keyframeRequests.sum());
        m.put("layer_switches", layerSwitches.sum());
        m.put("transport_feedback", transportFeedback.sum());
        m.put("transport_feedback_in", transportFeedbackIn.sum());
        m.put("temporal_drops", drops(DropReason.TEMPORAL_LAYER));
        m.put("transport_cc_recorded", transportCcRecorded.sum());
        m.put("rtx_unwrapped", rtxUnwrapped.sum());
        m.put("cached", cached.sum());
        m.put("audio_levels", audioLevels.sum());
        m.put("recorded", recorded.sum());
        m.put("fanned_out", fannedOut.sum());
        m.put("drop_unknown_ufrag", dropUnknownUfrag.sum());
        m.put("stun_plain_bindings", stunPlainBindings.sum());
        m.put("probe_clusters", probeClusters.sum());
        m.put("probe_packets", probePackets.sum());
        m.put("probe_bytes", probeBytes.sum());
        m.put("probe_failures", probeFailures.sum());
        for (ProbeOutcome o : ProbeOutcome.values()) {
            m.put(o.counterName(), probeOutcomes[o.ordinal()].sum());
        }
        m.put("ice_restarts", iceRestarts.sum());
        m.put("ice_path_moves", icePathMoves.sum());
        m.put("drop_bad_integrity", dropBadIntegrity.sum());
        m.put("drop_bad_stun", dropBadStun.sum());
        m.put("drop_no_session", dropNoSession.sum());
        m.put("drop_not_connected", dropNotConnected.sum());
        m.put("drop_srtp", dropSrtp.sum());
        m.put("drop_malformed_rtp", dropMalformedRtp.sum());
        m.put("drop_unknown_ssrc", dropUnknownSsrc.sum());
        m.put("drop_dtls_queue_full", dropDtlsQueueFull.sum());
        m.put("drop_padding", dropPadding.sum());
        m.put("drop_malformed_rtcp", dropMalformedRtcp.sum());
        m.put("drop_held_back", dropHeldBack.sum());
        for (DropReason r : DropReason.values()) {
            if (r != DropReason.TEMPORAL_LAYER) {
                m.put("down_drop_" + r.name().toLowerCase(java.util.Locale.ROOT), drops(r));
            }
        }
        return m;
    }
}

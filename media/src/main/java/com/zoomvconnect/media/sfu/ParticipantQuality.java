package com.zoomvconnect.media.sfu;

/**
 * One participant's network figures as the SFU sees them: what their uplink delivers (bitrate,
 * RFC 3550 loss and interarrival jitter over the streams they publish) and what their downlink
 * gets (the bandwidth estimate, the highest simulcast layer forwarded to them). Fields other
 * threads write are read racily: a diagnostic snapshot, not an exact cut.
 *
 * @param packetsExpected sequence numbers expected from this participant's streams so far
 * @param packetsLost of those, never received (RFC 3550 §6.4.1 cumulative loss)
 * @param jitterMs the largest interarrival jitter of their active streams, in milliseconds
 * @param downlinkBps their downlink estimate, or -1 where their client sends no transport feedback
 * @param layer the highest simulcast layer forwarded to them now (0 lowest), or -1 when no video flows to them
 */
public record ParticipantQuality(String participantId, long bitrateInBps, long packetsExpected, long packetsLost,
                                 double jitterMs, long downlinkBps, int layer) {

    /** Loss as a percentage of the packets expected (0 before any). */
    public double lossPercent() {
        return packetsExpected == 0 ? 0 : Math.round(packetsLost * 1000.0 / packetsExpected) / 10.0;
    }

    static ParticipantQuality of(SfuParticipant p, long now) {
        long bitrate = 0;
        long expected = 0;
        long lost = 0;
        double jitter = 0;
        for (UpTrack t : p.upTracks()) {
            for (Encoding e : t.encodings) {
                bitrate += e.bitrateBps(now);
                expected += e.expected();
                lost += e.lost();
                if (e.isActive(now)) {
                    jitter = Math.max(jitter, e.jitterMillis());
                }
            }
        }
        int layer = -1;
        for (DownTrack d : p.downTracks()) {
            if (d.source.isVideo() && d.isActive() && d.forwardedEncoding() != null) {
                layer = Math.max(layer, d.currentLayer());
            }
        }
        long downlink = p.downlink().enabled() ? p.downlink().targetBps() : -1;
        return new ParticipantQuality(p.id(), bitrate, expected, lost, Math.round(jitter * 10) / 10.0, downlink, layer);
    }
}

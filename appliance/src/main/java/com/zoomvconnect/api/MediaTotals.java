package com.zoomvconnect.api;

import java.util.Map;

/**
 * The SFU's running totals as the admin overview reads them (the application layer fills it in).
 *
 * @param downlinkBps each participant's downlink estimate in bits/s, where their client sends transport feedback
 * @param quality each participant's network figures, by participant id, for those with media
 */
public record MediaTotals(long packetsIn, long packetsOut, long bytesIn, long bytesOut, Map<String, Long> downlinkBps,
                          Map<String, Quality> quality) {

    /**
     * One participant's network figures as the SFU sees them.
     *
     * @param bitrateInBps what they send, over the last half second
     * @param lossPercent of the packets they sent since joining, the share that never arrived (RFC 3550 §6.4.1)
     * @param jitterMs interarrival jitter of their streams (RFC 3550 §6.4.1), the largest
     * @param layer highest simulcast layer forwarded to them (0 lowest), null when no video flows to them
     */
    public record Quality(long bitrateInBps, double lossPercent, double jitterMs, Integer layer) {
    }
}

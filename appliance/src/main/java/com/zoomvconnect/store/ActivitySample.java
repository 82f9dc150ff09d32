package com.zoomvconnect.store;

import java.time.Instant;

/**
 * One minute of the appliance's activity, as the dashboard charts it.
 *
 * @param bitrateInBps media received from publishers, averaged over the minute before {@code at}
 * @param lossPercent publisher packets expected but not received in that minute, as a percentage
 */
public record ActivitySample(Instant at, int participants, int liveMeetings, long bitrateInBps, long bitrateOutBps,
                             double packetsInPerSecond, double packetsOutPerSecond, double lossPercent) {
}

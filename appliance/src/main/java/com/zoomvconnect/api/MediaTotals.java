package com.zoomvconnect.api;

import java.util.Map;

/**
 * The SFU's running totals as the admin overview reads them (the application layer fills it in).
 *
 * @param downlinkBps each participant's downlink estimate in bits/s, where their client sends transport feedback
 */
public record MediaTotals(long packetsIn, long packetsOut, long bytesIn, long bytesOut, Map<String, Long> downlinkBps) {
}

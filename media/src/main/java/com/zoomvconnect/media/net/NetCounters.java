package com.zoomvconnect.media.net;

import java.util.concurrent.atomic.LongAdder;

/** Counters of the media sockets; drops are counted by reason, never logged per packet. */
public final class NetCounters {
    public final LongAdder udpReceived = new LongAdder();
    public final LongAdder udpSent = new LongAdder();
    public final LongAdder udpSendErrors = new LongAdder();
    /** {@code media.sendbatch}: flushes of datagrams a worker had written, each one {@code sendmmsg} or more (several when the kernel's buffer was full). */
    public final LongAdder udpSendBatches = new LongAdder();
    /** {@code media.sendbatch}: datagrams those flushes carried (divided by {@link #udpSendBatches}: datagrams per batch). */
    public final LongAdder udpBatchedDatagrams = new LongAdder();
    public final LongAdder tcpFramesReceived = new LongAdder();
    public final LongAdder tcpFramesSent = new LongAdder();
    public final LongAdder tcpConnections = new LongAdder();
    public final LongAdder droppedUnknownKind = new LongAdder();
    public final LongAdder droppedBadFrame = new LongAdder();
    public final LongAdder droppedTcpBackpressure = new LongAdder();
    /** {@code media.sendbatch}: datagrams not queued because the socket already held 16 MiB the kernel had not taken. */
    public final LongAdder droppedUdpBackpressure = new LongAdder();
    public final LongAdder handlerErrors = new LongAdder();
}

package com.zoomvconnect.media.turn;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters of the TURN server; refusals and drops are counted by reason, never logged per packet. */
public final class TurnCounters {
    final LongAdder requests = new LongAdder();
    final LongAdder allocationsCreated = new LongAdder();
    final LongAdder allocationsDeleted = new LongAdder();
    final LongAdder allocationsExpired = new LongAdder();
    final LongAdder toPeerPackets = new LongAdder();
    final LongAdder toPeerBytes = new LongAdder();
    final LongAdder toClientPackets = new LongAdder();
    final LongAdder toClientBytes = new LongAdder();
    final LongAdder streamConnections = new LongAdder();
    final LongAdder streamsOpen = new LongAdder();
    private final LongAdder[] refusals = adders(Refusal.values().length);
    private final LongAdder[] drops = adders(TurnDrop.values().length);

    private static LongAdder[] adders(int n) {
        var a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    void refused(Refusal r) {
        refusals[r.ordinal()].increment();
    }

    void dropped(TurnDrop d) {
        drops[d.ordinal()].increment();
    }

    public long refusals(Refusal r) {
        return refusals[r.ordinal()].sum();
    }

    public long drops(TurnDrop d) {
        return drops[d.ordinal()].sum();
    }

    /** All counters by name (plus {@code allocations}, the live count), for metrics and diagnostics. */
    Map<String, Long> snapshot(int liveAllocations) {
        var m = new LinkedHashMap<String, Long>();
        m.put("allocations", (long) liveAllocations);
        m.put("requests", requests.sum());
        m.put("allocations_created", allocationsCreated.sum());
        m.put("allocations_deleted", allocationsDeleted.sum());
        m.put("allocations_expired", allocationsExpired.sum());
        m.put("relayed_to_peer_packets", toPeerPackets.sum());
        m.put("relayed_to_peer_bytes", toPeerBytes.sum());
        m.put("relayed_to_client_packets", toClientPackets.sum());
        m.put("relayed_to_client_bytes", toClientBytes.sum());
        m.put("stream_connections", streamConnections.sum());
        m.put("streams_open", streamsOpen.sum());
        for (Refusal r : Refusal.values()) {
            m.put("refused_" + r.name().toLowerCase(Locale.ROOT), refusals(r));
        }
        for (TurnDrop d : TurnDrop.values()) {
            m.put("drop_" + d.name().toLowerCase(Locale.ROOT), drops(d));
        }
        return m;
    }
}

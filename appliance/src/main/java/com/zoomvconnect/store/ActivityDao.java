package com.zoomvconnect.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** The activity history the admin dashboard charts: one sample a minute, bounded by {@link #deleteBefore}. */
public final class ActivityDao {
    public void insert(Handle h, ActivitySample s) {
        h.createUpdate("INSERT INTO activity_samples (sampled_at, participants, live_meetings, bitrate_in_bps, bitrate_out_bps, "
                        + "packets_in_per_s, packets_out_per_s, loss_percent) "
                        + "VALUES (:at, :participants, :meetings, :bin, :bout, :pin, :pout, :loss)")
                .bind("at", Database.toDb(s.at())).bind("participants", s.participants()).bind("meetings", s.liveMeetings())
                .bind("bin", s.bitrateInBps()).bind("bout", s.bitrateOutBps())
                .bind("pin", s.packetsInPerSecond()).bind("pout", s.packetsOutPerSecond()).bind("loss", s.lossPercent())
                .execute();
    }

    /** Samples taken at or after {@code from}, oldest first. */
    public List<ActivitySample> since(Handle h, Instant from) {
        return h.createQuery("SELECT * FROM activity_samples WHERE sampled_at >= :from ORDER BY sampled_at")
                .bind("from", Database.toDb(from))
                .map((rs, ctx) -> new ActivitySample(Database.fromDb(rs.getObject("sampled_at", OffsetDateTime.class)),
                        rs.getInt("participants"), rs.getInt("live_meetings"), rs.getLong("bitrate_in_bps"),
                        rs.getLong("bitrate_out_bps"), rs.getDouble("packets_in_per_s"), rs.getDouble("packets_out_per_s"),
                        rs.getDouble("loss_percent")))
                .list();
    }

    /** Deletes samples older than {@code cutoff}; returns how many. */
    public int deleteBefore(Handle h, Instant cutoff) {
        return h.createUpdate("DELETE FROM activity_samples WHERE sampled_at < :cutoff")
                .bind("cutoff", Database.toDb(cutoff)).execute();
    }
}

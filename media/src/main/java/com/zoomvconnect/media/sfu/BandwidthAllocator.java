package com.zoomvconnect.media.sfu;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Simulcast layer selection: shares a subscriber's downlink estimate among the tracks it
 * receives, every tick. Audio first (its measured rate, at least 40 kbit/s), then video without
 * simulcast (screen shares), then simulcast cameras from the largest tile down, so that when the
 * budget is short small tiles drop first. A camera gets the highest layer that (1) its tile
 * needs, (2) the publisher is actually sending and (3) fits; it steps its frame rate down (VP8
 * temporal layers) before its resolution, and never below the lowest layer at a quarter of the
 * frames. Going up a layer needs 20 % headroom, so a layer is not taken the moment it barely
 * fits. {@link #share} is the policy, pure; {@link #allocate} applies it to a subscriber, and
 * when its estimate is short of {@link #need} lets the {@link Prober} test whether the path can
 * take more.
 */
final class BandwidthAllocator {
    /** What an audio stream is assumed to cost at least (Opus with overhead). */
    static final long AUDIO_FLOOR_BPS = 40_000;
    /** The budget of a subscriber that sends no transport-wide feedback: no estimate, no limit. */
    static final long UNLIMITED_BPS = Long.MAX_VALUE / 4;
    /** Tiles beyond this many layers all count as "largest" when ordering cameras. */
    private static final int LAYER_ORDER_CAP = 9;

    /** How a track is budgeted. */
    enum Kind {
        /** Costs its measured rate, at least {@link #AUDIO_FLOOR_BPS}. */
        AUDIO,
        /** One encoding (screen shares, cameras without simulcast): costs its measured rate. */
        VIDEO,
        /** Several layers: gets a layer and a frame rate from what is left. */
        SIMULCAST
    }

    /**
     * One track the subscriber receives.
     *
     * @param layerBps    measured bitrate per layer, lowest first (one entry without simulcast)
     * @param layerActive whether the publisher is sending each layer now
     * @param maxLayer    the highest layer the subscriber's tile needs
     * @param forwarding  the layer forwarded now, empty before the first packet
     */
    record Demand(Kind kind, long[] layerBps, boolean[] layerActive, int maxLayer, OptionalInt forwarding) {
    }

    /** A camera's share: its layer and how many VP8 temporal layers (0–2) it keeps. */
    record Allocation(int layer, int temporal) {
    }

    private final Forwarder forwarder;

    BandwidthAllocator(Forwarder forwarder) {
        this.forwarder = forwarder;
    }

    /**
     * Shares {@code budget} bits/s among {@code demands}; the result lines up with them: an
     * allocation for each simulcast track with a layer flowing, empty otherwise (no change).
     */
    static List<Optional<Allocation>> share(long budget, List<Demand> demands) {
        List<Optional<Allocation>> result = new ArrayList<>(Collections.nCopies(demands.size(), Optional.empty()));
        List<Integer> cameras = new ArrayList<>();
        for (int i = 0; i < demands.size(); i++) {
            Demand d = demands.get(i);
            switch (d.kind()) {
                case AUDIO -> budget -= Math.max(AUDIO_FLOOR_BPS, d.layerBps()[0]);
                case VIDEO -> budget -= d.layerBps()[0];
                case SIMULCAST -> cameras.add(i);
            }
        }
        // Largest tile first (stable: equal tiles keep the subscriber's order).
        cameras.sort(Comparator.comparingInt((Integer i) -> -Math.min(demands.get(i).maxLayer(), LAYER_ORDER_CAP)));
        for (int i : cameras) {
            Demand d = demands.get(i);
            Optional<Allocation> a = fit(budget, d);
            if (a.isPresent()) {
                Allocation x = a.get();
                budget -= d.layerBps()[x.layer()] * temporalCostPercent(x.temporal()) / 100;
                result.set(i, a);
            }
        }
        return result;
    }

    /**
     * What {@code demands} need for every camera to get the highest flowing layer its tile wants
     * at full frame rate, going up to it included (the 20 % headroom), plus 5 % for the rates'
     * wobble between ticks: the budget above which probing would find nothing to use.
     */
    static long need(List<Demand> demands) {
        long need = 0;
        for (Demand d : demands) {
            switch (d.kind()) {
                case AUDIO -> need += Math.max(AUDIO_FLOOR_BPS, d.layerBps()[0]);
                case VIDEO -> need += d.layerBps()[0];
                case SIMULCAST -> {
                    OptionalInt top = bestActive(d.layerActive(), Math.min(d.maxLayer(), d.layerBps().length - 1));
                    if (top.isPresent()) {
                        need += d.layerBps()[top.getAsInt()] * 12 / 10;
                    }
                }
            }
        }
        return need * 105 / 100;
    }

    /** The highest layer and frame rate of one camera that fit {@code budget}, or empty when no layer flows. */
    private static Optional<Allocation> fit(long budget, Demand d) {
        int wanted = Math.min(d.maxLayer(), d.layerBps().length - 1);
        OptionalInt best = bestActive(d.layerActive(), wanted);
        while (best.isPresent()) {
            int layer = best.getAsInt();
            long need = d.layerBps()[layer];
            boolean up = d.forwarding().isEmpty() || layer > d.forwarding().getAsInt();
            long headroom = up ? 12 : 10;
            if (need * headroom / 10 <= budget) {
                return Optional.of(new Allocation(layer, DownTrack.ALL_TEMPORAL));
            }
            // Frame rate before resolution: half the frames (TID <= 1) cost about 60 %.
            if (need * 6 * headroom / 100 <= budget) {
                return Optional.of(new Allocation(layer, 1));
            }
            OptionalInt lower = layer == 0 ? OptionalInt.empty() : bestActive(d.layerActive(), layer - 1);
            if (lower.isEmpty() || lower.getAsInt() >= layer) {
                return Optional.of(new Allocation(layer, 0)); // the lowest layer at a quarter of the frames: the least there is
            }
            best = lower;
        }
        return Optional.empty();
    }

    /** What a layer costs with this many temporal layers, in percent of all of them. */
    private static long temporalCostPercent(int temporal) {
        return temporal == DownTrack.ALL_TEMPORAL ? 100 : temporal == 1 ? 60 : 35;
    }

    /** The highest flowing layer at or below {@code wanted}; else the lowest flowing one above; else none. */
    static OptionalInt bestActive(boolean[] active, int wanted) {
        for (int l = Math.min(wanted, active.length - 1); l >= 0; l--) {
            if (active[l]) {
                return OptionalInt.of(l);
            }
        }
        for (int l = wanted + 1; l < active.length; l++) {
            if (active[l]) {
                return OptionalInt.of(l);
            }
        }
        return OptionalInt.empty();
    }

    /**
     * The lowest layer of a 720p-class camera sent as q/h/f (1/4, 1/2, full) that covers a tile
     * of this height: up to 200 px the 180p layer, up to 400 px the 360p one, above that the top.
     */
    static int layerForHeight(int height, int layers) {
        int l = height <= 200 ? 0 : height <= 400 ? 1 : 2;
        return Math.min(l, layers - 1);
    }

    /**
     * Sets each of a subscriber's down-tracks to its share of the downlink; a camera whose target
     * changes gets a keyframe requested on its new layer (the switch happens at that keyframe).
     */
    void allocate(SfuParticipant subscriber, long now) {
        long budget = subscriber.downlink().enabled() ? subscriber.downlink().targetBps() : UNLIMITED_BPS;
        List<DownTrack> tracks = new ArrayList<>();
        List<Demand> demands = new ArrayList<>();
        for (DownTrack d : subscriber.downTracks()) {
            UpTrack up = d.source;
            if (!d.isFlowing() || !up.isVideo() && !up.forwardable()) {
                continue; // paused, or audio held back: costs nothing
            }
            tracks.add(d);
            demands.add(demand(d, now));
        }
        List<Optional<Allocation>> shares = share(budget, demands);
        if (subscriber.downlink().enabled()) {
            forwarder.prober().probe(subscriber, need(demands), now);
        }
        for (int i = 0; i < shares.size(); i++) {
            DownTrack d = tracks.get(i);
            shares.get(i).ifPresent(a -> {
                if (d.allocate(a.layer(), a.temporal())) {
                    forwarder.requestKeyframe(d.source.encoding(a.layer()), now);
                }
            });
        }
    }

    private static Demand demand(DownTrack d, long now) {
        UpTrack up = d.source;
        Encoding[] encs = up.encodings;
        long[] bps = new long[encs.length];
        boolean[] active = new boolean[encs.length];
        for (int l = 0; l < encs.length; l++) {
            bps[l] = encs[l].bitrateBps(now);
            active[l] = encs[l].isActive(now);
        }
        Kind kind = !up.isVideo() ? Kind.AUDIO : up.isSimulcast() ? Kind.SIMULCAST : Kind.VIDEO;
        OptionalInt forwarding = d.state() == DownTrack.LayerState.STARTING ? OptionalInt.empty() : OptionalInt.of(d.currentLayer());
        return new Demand(kind, bps, active, d.maxLayer(), forwarding);
    }
}

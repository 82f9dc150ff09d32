package com.zoomvconnect.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What a receiving page's {@code getStats()} said every ~200 ms about one remote camera and
 * microphone ({@link #SAMPLER} collects it), and the figures {@link ImpairedNetworkBenchmark}
 * reads from it: frame rate and decoded height over time, freezes, longest time without a new
 * frame, audio concealment and its longest run, and when video was back. Counters of a new
 * subscribe connection (after a resumed session) continue those of the old one.
 */
final class ReceiverTrace {
    /**
     * Page script: samples the subscribe connection into {@code window.__trace} (one array per
     * sample, fields in {@link Sample}'s order after the time and the connection number).
     */
    static final String SAMPLER = """
            (() => {
              const ids = new WeakMap(); let next = 0;
              window.__trace = [];
              setInterval(async () => {
                const pc = window.zvc?.room?.media?.subscriber;
                if (!pc) return;
                if (!ids.has(pc)) ids.set(pc, ++next);
                const st = await pc.getStats();
                let v = null, a = null;
                st.forEach((s) => {
                  if (s.type !== 'inbound-rtp') return;
                  if (s.kind === 'video' && (!v || (s.framesDecoded ?? 0) > (v.framesDecoded ?? 0))) v = s;
                  if (s.kind === 'audio' && (!a || (s.totalSamplesReceived ?? 0) > (a.totalSamplesReceived ?? 0))) a = s;
                });
                v ??= {}; a ??= {};
                window.__trace.push([performance.now(), ids.get(pc), v.framesDecoded ?? 0, v.frameHeight ?? 0,
                  v.freezeCount ?? 0, v.totalFreezesDuration ?? 0, v.packetsLost ?? 0, v.packetsReceived ?? 0,
                  v.pliCount ?? 0, v.keyFramesDecoded ?? 0, a.concealedSamples ?? 0, a.totalSamplesReceived ?? 0,
                  a.concealmentEvents ?? 0, a.packetsLost ?? 0, a.packetsReceived ?? 0]);
              }, 200);
              return true;
            })()""";

    /** Takes the samples collected so far out of the page. */
    static final String DRAIN = "window.__trace.splice(0)";

    private static final int COUNTERS = 13;

    /** One sample; counters are cumulative over the whole run. */
    record Sample(double t, double frames, int height, double freezes, double freezeSeconds, double videoLost,
                  double videoReceived, double plis, double keyFrames, double concealed, double audioSamples,
                  double concealmentEvents, double audioLost, double audioReceived) {
    }

    private final List<Sample> samples = new ArrayList<>();
    private final double[] offset = new double[COUNTERS];
    private final double[] last = new double[COUNTERS];
    private int lastConnection = -1;

    /** Adds drained samples (an array of arrays). */
    void add(JsonNode drained) {
        for (JsonNode s : drained) {
            int connection = s.get(1).asInt();
            double[] c = new double[COUNTERS];
            for (int i = 0; i < COUNTERS; i++) {
                c[i] = s.get(i + 2).asDouble();
            }
            if (lastConnection >= 0 && connection != lastConnection) {
                for (int i = 0; i < COUNTERS; i++) {
                    offset[i] += last[i]; // a new connection counts from zero
                }
            }
            lastConnection = connection;
            System.arraycopy(c, 0, last, 0, COUNTERS);
            double[] v = new double[COUNTERS];
            for (int i = 0; i < COUNTERS; i++) {
                v[i] = i == 1 ? c[i] : c[i] + offset[i];
            }
            samples.add(new Sample(s.get(0).asDouble(), v[0], (int) c[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9],
                    v[10], v[11], v[12]));
        }
    }

    /** The last sample at or before {@code t} (the first one if none is). */
    Sample at(double t) {
        int lo = 0;
        int hi = samples.size() - 1;
        while (lo < hi) { // the last index whose time is <= t
            int mid = (lo + hi + 1) >>> 1;
            if (samples.get(mid).t() <= t) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return samples.get(lo);
    }

    /** Frames decoded per second over the second before {@code t}. */
    double fps(double t) {
        Sample b = at(t);
        Sample a = at(t - 1000);
        return b.t() > a.t() ? (b.frames() - a.frames()) * 1000 / (b.t() - a.t()) : 0;
    }

    /** The longest time in [from, to] without a new decoded frame, in ms (at the sampling's resolution). */
    double longestFrameGap(double from, double to) {
        double since = from;
        double longest = 0;
        Sample prev = at(from);
        for (Sample s : samples) {
            if (s.t() <= from || s.t() > to) {
                continue;
            }
            if (s.frames() > prev.frames()) {
                longest = Math.max(longest, prev.t() - since);
                since = s.t();
            }
            prev = s;
        }
        return Math.max(longest, prev.t() - since);
    }

    /**
     * The longest run in [from, to] of sampling intervals whose audio was at least 80 % concealed
     * (no decoded audio, only what the jitter buffer made up), in ms.
     */
    double longestAudioGap(double from, double to) {
        double run = 0;
        double longest = 0;
        Sample prev = at(from);
        for (Sample s : samples) {
            if (s.t() <= from || s.t() > to) {
                continue;
            }
            double total = s.audioSamples() - prev.audioSamples();
            double concealed = s.concealed() - prev.concealed();
            run = total > 0 && concealed >= 0.8 * total ? run + (s.t() - prev.t()) : 0;
            longest = Math.max(longest, run);
            prev = s;
        }
        return longest;
    }

    /** The first time in [from, to] the decoded height was under {@code height}, or NaN. */
    double firstBelow(double from, double to, int height) {
        for (Sample s : samples) {
            if (s.t() > from && s.t() <= to && s.height() > 0 && s.height() < height) {
                return s.t();
            }
        }
        return Double.NaN;
    }

    /** The first time in [from, to] a freeze was counted, or NaN. */
    double firstFreeze(double from, double to) {
        return firstRise(from, to, Sample::freezes);
    }

    /** The first time in [from, to] a frame was decoded, or NaN. */
    double firstFrame(double from, double to) {
        return firstRise(from, to, Sample::frames);
    }

    private double firstRise(double from, double to, java.util.function.ToDoubleFunction<Sample> counter) {
        double before = counter.applyAsDouble(at(from));
        for (Sample s : samples) {
            if (s.t() > from && s.t() <= to && counter.applyAsDouble(s) > before) {
                return s.t();
            }
        }
        return Double.NaN;
    }

    /**
     * The first time T in [from, to - 2 s] from which, for two seconds, video ran at
     * {@code minFps} or more at {@code height} or more; NaN if it never did.
     */
    double recovered(double from, double to, double minFps, int height) {
        for (Sample s : samples) {
            if (s.t() < from || s.t() > to - 2000) {
                continue;
            }
            boolean held = true;
            for (Sample h : samples) {
                if (h.t() >= s.t() && h.t() <= s.t() + 2000 && (h.height() < height || fps(h.t()) < minFps)) {
                    held = false;
                    break;
                }
            }
            if (held) {
                return s.t();
            }
        }
        return Double.NaN;
    }
}

package com.zoomvconnect.record;

import com.zoomvconnect.media.TrackSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Renders a recording's per-track files into one MP4 with ffmpeg: a 1280x720 grid of the cameras
 * (or the screen share large with the cameras in a column beside it), every track placed at its
 * own start time, and all audio mixed. Progress comes from ffmpeg's {@code -progress} output.
 */
final class Composer {
    static final String OUTPUT = "recording.mp4";
    private static final int W = 1280;
    private static final int H = 720;

    private Composer() {
    }

    /** The ffmpeg command line for a manifest (separate so it can be read and tested). */
    /** Where a track goes: its box, and when it shows (an ffmpeg {@code enable} expression; null = always). */
    private record Placement(Manifest.Track track, int[] box, String enable) {
    }

    static List<String> command(String ffmpeg, Path dir, Manifest m, long durationMs, Path out) {
        return command(ffmpeg, dir, m, durationMs, out, "grid");
    }

    /**
     * @param layout {@code speaker}: whoever is talking (from the transcript's timed words) fills the
     *               frame, everyone in a strip below; {@code grid}: everyone the same size. A screen
     *               share is always shown large, with the cameras beside it.
     */
    static List<String> command(String ffmpeg, Path dir, Manifest m, long durationMs, Path out, String layout) {
        List<Manifest.Track> tracks = m.usableTracks();
        List<Manifest.Track> screens = tracks.stream().filter(t -> t.video() && TrackSource.SCREEN.wireName().equals(t.source())).toList();
        List<Manifest.Track> cameras = tracks.stream().filter(t -> t.video() && !TrackSource.SCREEN.wireName().equals(t.source())).toList();
        List<Manifest.Track> audio = tracks.stream().filter(t -> !t.video()).toList();
        String seconds = secs(durationMs);
        List<String> cmd = new ArrayList<>(List.of(ffmpeg, "-y", "-v", "error", "-nostats", "-progress", "pipe:1",
                "-f", "lavfi", "-i", "color=c=0x1a1d24:s=" + W + "x" + H + ":r=30:d=" + seconds));
        StringBuilder f = new StringBuilder();
        int input = 1;
        String base = "[0:v]";
        List<Placement> placements = new ArrayList<>();
        Map<String, List<long[]>> speaking = "speaker".equals(layout) && screens.isEmpty() && cameras.size() > 1
                ? speakerTimeline(dir, cameras, durationMs) : Map.of();
        if (!screens.isEmpty()) {
            Manifest.Track screen = screens.get(0);
            placements.add(new Placement(screen, new int[] {0, 0, cameras.isEmpty() ? W : 960, H}, null));
            int n = Math.min(cameras.size(), 4);
            for (int i = 0; i < n; i++) {
                placements.add(new Placement(cameras.get(i), new int[] {960, i * (H / 4), 320, H / 4}, null));
            }
        } else if (!speaking.isEmpty()) {
            // Active speaker: the main area shows whoever talks; a strip of everyone below.
            int stripH = 160;
            int n = Math.min(cameras.size(), 8);
            int tw = Math.min(W / n, stripH * 16 / 9) / 2 * 2;
            int x0 = (W - tw * n) / 2;
            for (Manifest.Track c : cameras) {
                List<long[]> spans = speaking.get(c.file());
                if (spans == null || spans.isEmpty()) {
                    continue;
                }
                StringBuilder e = new StringBuilder();
                for (long[] span : spans) {
                    e.append(e.isEmpty() ? "" : "+").append("between(t,").append(secs(span[0])).append(',').append(secs(span[1])).append(')');
                }
                placements.add(new Placement(c, new int[] {0, 0, W, H - stripH}, e.toString()));
            }
            for (int i = 0; i < n; i++) {
                placements.add(new Placement(cameras.get(i), new int[] {x0 + i * tw, H - stripH, tw, stripH}, null));
            }
        } else if (!cameras.isEmpty()) {
            int n = Math.min(cameras.size(), 25);
            int cols = (int) Math.ceil(Math.sqrt(n));
            int rows = (int) Math.ceil(n / (double) cols);
            int cw = W / cols / 2 * 2;
            int ch = H / rows / 2 * 2;
            for (int i = 0; i < n; i++) {
                placements.add(new Placement(cameras.get(i), new int[] {(i % cols) * cw, (i / cols) * ch, cw, ch}, null));
            }
        }
        for (int i = 0; i < placements.size(); i++) {
            Manifest.Track t = placements.get(i).track();
            int[] b = placements.get(i).box();
            String enable = placements.get(i).enable() == null ? "" : ":enable='" + placements.get(i).enable() + "'";
            // A simulcast layer switch changes a track's frame size mid-file. By default ffmpeg then
            // rebuilds the whole filter graph, which restarts every setpts/overlay and leaves only the
            // background for the rest of the file; -reinit_filter 0 keeps the graph. scale follows a
            // changed input size by itself and fits every frame into the slot; the overlay centres it
            // there frame by frame (eval=frame), since a new aspect ratio gives a new scaled size.
            cmd.addAll(List.of("-reinit_filter", "0", "-i", dir.resolve(t.file()).toString()));
            f.append(String.format(Locale.ROOT,
                    "[%d:v]setpts=PTS-STARTPTS+%s/TB,scale=%d:%d:force_original_aspect_ratio=decrease,setsar=1[t%d];",
                    input, secs(t.startMs()), b[2], b[3], i));
            String next = "[b" + i + "]";
            f.append(String.format(Locale.ROOT, "%s[t%d]overlay=x=%d+(%d-overlay_w)/2:y=%d+(%d-overlay_h)/2:eval=frame:eof_action=pass%s%s;",
                    base, i, b[0], b[2], b[1], b[3], enable, next));
            base = next;
            input++;
        }
        List<String> mixed = new ArrayList<>();
        for (Manifest.Track t : audio) {
            cmd.addAll(List.of("-i", dir.resolve(t.file()).toString()));
            long delay = Math.max(0, t.startMs());
            f.append(String.format(Locale.ROOT, "[%d:a]aresample=48000:async=1,adelay=%d|%d,apad[a%d];", input, delay, delay, input));
            mixed.add("[a" + input + "]");
            input++;
        }
        if (mixed.isEmpty()) {
            f.append("anullsrc=r=48000:cl=stereo[aout];");
        } else {
            f.append(String.join("", mixed)).append("amix=inputs=").append(mixed.size())
                    .append(":duration=longest:normalize=0[aout];");
        }
        f.append(base).append("null[vout]");
        Path captions = dir.resolve(Transcriber.CAPTIONS);
        boolean withCaptions = Files.isRegularFile(captions) && captionCues(captions);
        if (withCaptions) {
            cmd.addAll(List.of("-i", captions.toString()));
        }
        cmd.addAll(List.of("-filter_complex", f.toString(), "-map", "[vout]", "-map", "[aout]"));
        if (withCaptions) {
            // The transcript travels inside the MP4 too (a mov_text subtitle track players can turn on).
            cmd.addAll(List.of("-map", input + ":s", "-c:s", "mov_text", "-metadata:s:s:0", "language=eng",
                    "-metadata:s:s:0", "title=Transcript"));
        }
        cmd.addAll(List.of("-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p", "-r", "30",
                "-c:a", "aac", "-b:a", "128k", "-t", seconds, "-movflags", "+faststart", out.toString()));
        return cmd;
    }

    /**
     * Who is on the main screen when, per camera file: from the transcript's timed words, the last
     * person to start talking holds it — but only after they have talked for a second in a row of
     * words, so a quick "yes" does not cut away. Empty without a transcript.
     */
    static Map<String, List<long[]>> speakerTimeline(Path dir, List<Manifest.Track> cameras, long durationMs) {
        Path words = dir.resolve(Transcriber.WORDS);
        if (!Files.isRegularFile(words)) {
            return Map.of();
        }
        List<long[]> said = new ArrayList<>(); // [camera index, start, end]
        try {
            for (var w : RecordingSession.JSON.readTree(words.toFile()).path("words")) {
                String speaker = w.path("speaker").asText();
                for (int i = 0; i < cameras.size(); i++) {
                    String name = cameras.get(i).name();
                    if (name != null && name.startsWith(speaker + " (")) {
                        said.add(new long[] {i, w.path("startMs").asLong(), w.path("endMs").asLong()});
                        break;
                    }
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        if (said.isEmpty()) {
            return Map.of();
        }
        said.sort(java.util.Comparator.comparingLong(x -> x[1]));
        Map<String, List<long[]>> spans = new java.util.LinkedHashMap<>();
        int current = (int) said.get(0)[0];
        long from = 0;
        long runStart = -1;
        int runSpeaker = -1;
        for (long[] w : said) {
            int who = (int) w[0];
            if (who == current) {
                runSpeaker = -1;
                continue;
            }
            if (who != runSpeaker) {
                runSpeaker = who;
                runStart = w[1];
            }
            if (w[2] - runStart >= 1000) { // a second of someone else talking: cut to them
                spans.computeIfAbsent(cameras.get(current).file(), k -> new ArrayList<>()).add(new long[] {from, runStart});
                current = who;
                from = runStart;
                runSpeaker = -1;
            }
        }
        spans.computeIfAbsent(cameras.get(current).file(), k -> new ArrayList<>()).add(new long[] {from, Math.max(from, durationMs)});
        return spans;
    }

    /** Renders {@link #OUTPUT}; {@code progress} receives 0..100. */
    static Path compose(String ffmpeg, Path dir, Manifest m, long durationMs, String layout, IntConsumer progress)
            throws IOException, InterruptedException {
        Path out = dir.resolve(OUTPUT);
        Path partial = dir.resolve(OUTPUT + ".partial.mp4");
        List<String> cmd = command(ffmpeg, dir, m, durationMs, partial, layout);
        Path err = Files.createTempFile(dir, "ffmpeg", ".log");
        try {
            Process p = new ProcessBuilder(cmd).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
            try (var r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("out_time_us=") || line.startsWith("out_time_ms=")) {
                        try {
                            long us = Long.parseLong(line.substring(line.indexOf('=') + 1).trim());
                            progress.accept((int) Math.max(0, Math.min(99, us / 10 / Math.max(1, durationMs))));
                        } catch (NumberFormatException e) {
                            // "N/A" before the first frame
                        }
                    }
                }
            }
            if (!p.waitFor(6, TimeUnit.HOURS) || p.exitValue() != 0) {
                p.destroyForcibly();
                String log = Files.readString(err);
                throw new IOException("ffmpeg could not compose the recording: "
                        + (log.length() > 500 ? log.substring(log.length() - 500) : log).strip());
            }
            Files.move(partial, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            progress.accept(100);
            return out;
        } finally {
            Files.deleteIfExists(err);
            Files.deleteIfExists(partial);
        }
    }

    private static boolean captionCues(Path vtt) {
        try {
            return Files.readString(vtt).contains("-->");
        } catch (IOException e) {
            return false;
        }
    }

    private static String secs(long ms) {
        return String.format(Locale.ROOT, "%.3f", ms / 1000.0);
    }
}

package com.zoomvconnect.record;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
    static List<String> command(String ffmpeg, Path dir, Manifest m, long durationMs, Path out) {
        List<Manifest.Track> tracks = m.usableTracks();
        List<Manifest.Track> screens = tracks.stream().filter(t -> t.video() && "screen".equals(t.source())).toList();
        List<Manifest.Track> cameras = tracks.stream().filter(t -> t.video() && !"screen".equals(t.source())).toList();
        List<Manifest.Track> audio = tracks.stream().filter(t -> !t.video()).toList();
        String seconds = secs(durationMs);
        List<String> cmd = new ArrayList<>(List.of(ffmpeg, "-y", "-v", "error", "-nostats", "-progress", "pipe:1",
                "-f", "lavfi", "-i", "color=c=0x1a1d24:s=" + W + "x" + H + ":r=30:d=" + seconds));
        StringBuilder f = new StringBuilder();
        int input = 1;
        String base = "[0:v]";
        List<int[]> boxes = new ArrayList<>();
        List<Manifest.Track> placed = new ArrayList<>();
        if (!screens.isEmpty()) {
            Manifest.Track screen = screens.get(0);
            placed.add(screen);
            boxes.add(new int[] {0, 0, cameras.isEmpty() ? W : 960, H});
            int n = Math.min(cameras.size(), 4);
            for (int i = 0; i < n; i++) {
                placed.add(cameras.get(i));
                boxes.add(new int[] {960, i * (H / 4), 320, H / 4});
            }
        } else if (!cameras.isEmpty()) {
            int n = Math.min(cameras.size(), 25);
            int cols = (int) Math.ceil(Math.sqrt(n));
            int rows = (int) Math.ceil(n / (double) cols);
            int cw = W / cols / 2 * 2;
            int ch = H / rows / 2 * 2;
            for (int i = 0; i < n; i++) {
                placed.add(cameras.get(i));
                boxes.add(new int[] {(i % cols) * cw, (i / cols) * ch, cw, ch});
            }
        }
        for (int i = 0; i < placed.size(); i++) {
            Manifest.Track t = placed.get(i);
            int[] b = boxes.get(i);
            cmd.addAll(List.of("-i", dir.resolve(t.file()).toString()));
            f.append(String.format(Locale.ROOT,
                    "[%d:v]setpts=PTS-STARTPTS+%s/TB,scale=%d:%d:force_original_aspect_ratio=decrease,"
                            + "pad=%d:%d:(ow-iw)/2:(oh-ih)/2:color=black[t%d];",
                    input, secs(t.startMs()), b[2], b[3], b[2], b[3], i));
            String next = "[b" + i + "]";
            f.append(String.format(Locale.ROOT, "%s[t%d]overlay=x=%d:y=%d:eof_action=pass%s;", base, i, b[0], b[1], next));
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

    /** Renders {@link #OUTPUT}; {@code progress} receives 0..100. */
    static Path compose(String ffmpeg, Path dir, Manifest m, long durationMs, IntConsumer progress)
            throws IOException, InterruptedException {
        Path out = dir.resolve(OUTPUT);
        Path partial = dir.resolve(OUTPUT + ".partial.mp4");
        List<String> cmd = command(ffmpeg, dir, m, durationMs, partial);
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

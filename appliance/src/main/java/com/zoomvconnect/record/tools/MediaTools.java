package com.zoomvconnect.record.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The external media programs the appliance uses when present: ffmpeg and ffprobe (Debian's). */
public final class MediaTools {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MediaTools() {
    }

    /** A stream as ffprobe sees it. */
    public record Stream(String type, String codec, int width, int height, int channels) {
    }

    /** A container as ffprobe sees it. */
    public record Probe(double durationSeconds, String format, List<Stream> streams) {
    }

    /** What a program printed and how it ended. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    public static Optional<Path> find(String program) {
        String override = System.getenv("ZVC_" + program.toUpperCase() + "_PATH");
        if (override != null && Files.isExecutable(Path.of(override))) {
            return Optional.of(Path.of(override));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        Path usr = Path.of("/usr/bin", program);
        return Files.isExecutable(usr) ? Optional.of(usr) : Optional.empty();
    }

    public static String ffmpeg() {
        return find("ffmpeg").map(Path::toString).orElseThrow(() -> new IllegalStateException("ffmpeg is not installed"));
    }

    public static String ffprobe() {
        return find("ffprobe").map(Path::toString).orElseThrow(() -> new IllegalStateException("ffprobe is not installed"));
    }

    /** Runs a program to completion (killed after {@code timeoutSeconds}); throws if it fails. */
    public static Result run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("zvc-tool", ".out");
        Path err = Files.createTempFile("zvc-tool", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command.get(0) + " did not finish within " + timeoutSeconds + " s");
            }
            var r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            if (r.exitCode() != 0) {
                String tail = r.stderr().length() > 600 ? r.stderr().substring(r.stderr().length() - 600) : r.stderr();
                throw new IOException(Path.of(command.get(0)).getFileName() + " failed (exit " + r.exitCode() + "): " + tail.strip());
            }
            return r;
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Container duration and streams, from ffprobe. */
    public static Probe probe(Path file) throws IOException, InterruptedException {
        Result r = run(List.of(ffprobe(), "-v", "error", "-print_format", "json", "-show_format", "-show_streams", file.toString()), 60);
        JsonNode root = JSON.readTree(r.stdout());
        List<Stream> streams = new ArrayList<>();
        for (JsonNode s : root.path("streams")) {
            streams.add(new Stream(s.path("codec_type").asText(), s.path("codec_name").asText(), s.path("width").asInt(),
                    s.path("height").asInt(), s.path("channels").asInt()));
        }
        return new Probe(root.path("format").path("duration").asDouble(-1), root.path("format").path("format_name").asText(), streams);
    }

    /** Errors ffmpeg reports while decoding the whole file (empty when it decodes cleanly). */
    public static String decodeErrors(Path file) throws IOException, InterruptedException {
        // Passthrough: WebRTC video has a variable frame rate; decode every frame at its own time
        // rather than resampling it onto a constant-rate clock. In the file's own time base
        // (-enc_time_base -1, milliseconds for WebM): ffmpeg's default for passthrough is 1/frame
        // rate, which rounds two frames less than a frame apart onto one timestamp and then
        // reports "non monotonically increasing dts" for a file whose timestamps strictly increase.
        return run(List.of(ffmpeg(), "-v", "error", "-i", file.toString(), "-fps_mode", "passthrough", "-enc_time_base", "-1",
                "-f", "null", "-"), 300).stderr().strip();
    }

    /** Frames of the first video stream that decode. */
    public static long decodeFrameCount(Path file) throws IOException, InterruptedException {
        Result r = run(List.of(ffprobe(), "-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries",
                "stream=nb_read_frames", "-of", "default=nokey=1:noprint_wrappers=1", file.toString()), 300);
        return Long.parseLong(r.stdout().strip());
    }
}

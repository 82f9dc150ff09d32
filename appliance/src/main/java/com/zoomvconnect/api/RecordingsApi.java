package com.zoomvconnect.api;

import com.zoomvconnect.error.AppException;
import com.zoomvconnect.error.ErrorCode;
import com.zoomvconnect.record.RecordingService;
import com.zoomvconnect.record.SummaryService;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /api/v1/recordings}: list (and search transcripts), read, delete, read and edit the
 * meeting's summary, and download files with HTTP Range support (RFC 9110 §14) so players can seek.
 */
public final class RecordingsApi implements HttpService {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    private final RecordingService recordings;
    private final ApiAuth auth;

    private RecordingsApi(RecordingService recordings, ApiAuth auth) {
        this.recordings = recordings;
        this.auth = auth;
    }

    /** Mounts {@code /api/v1/recordings}. */
    public static void routing(HttpRouting.Builder routing, RecordingService recordings, ApiAuth auth) {
        routing.register("/api/v1/recordings", new RecordingsApi(recordings, auth));
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .get("/{id}", this::get)
                .delete("/{id}", this::delete)
                .get("/{id}/transcript", this::transcript)
                .get("/{id}/summary", this::summary)
                .put("/{id}/summary", this::editSummary)
                .delete("/{id}/summary/edits", this::revertSummary)
                .get("/{id}/files/{name}", this::file);
        Routes.methodNotAllowed(rules, "/", "/{id}", "/{id}/transcript", "/{id}/summary", "/{id}/summary/edits",
                "/{id}/files/{name}");
    }

    private void list(ServerRequest req, ServerResponse res) {
        var caller = auth.require(req);
        int limit = Routes.intParam(req, "limit", 100, 1, 500);
        String q = req.query().first("q").orElse(null);
        Json.send(res, Status.OK_200, Map.of("items", recordings.list(caller, limit, q)));
    }

    private void get(ServerRequest req, ServerResponse res) {
        var caller = auth.require(req);
        Json.send(res, Status.OK_200, recordings.get(caller, req.path().pathParameters().get("id")));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        var caller = auth.require(req);
        recordings.delete(caller, req.path().pathParameters().get("id"));
        res.status(Status.NO_CONTENT_204).send();
    }

    private void transcript(ServerRequest req, ServerResponse res) {
        var caller = auth.require(req);
        String text = recordings.transcript(caller, req.path().pathParameters().get("id"));
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        res.send(text);
    }

    /** The meeting's summary: extracted from what was said, with the host's and co-hosts' edits marked. */
    private void summary(ServerRequest req, ServerResponse res) {
        var caller = auth.require(req);
        Json.send(res, Status.OK_200, recordings.summaries().get(caller, req.path().pathParameters().get("id")));
    }

    private void editSummary(ServerRequest req, ServerResponse res) {
        var caller = auth.require(req);
        var edit = Json.read(req, SummaryService.Edit.class);
        Json.send(res, Status.OK_200, recordings.summaries().edit(caller, req.path().pathParameters().get("id"), edit));
    }

    private void revertSummary(ServerRequest req, ServerResponse res) {
        var caller = auth.require(req);
        Json.send(res, Status.OK_200, recordings.summaries().revert(caller, req.path().pathParameters().get("id")));
    }

    private void file(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        String name = req.path().pathParameters().get("name");
        var token = req.query().first("token");
        Path f = token.isPresent() && !req.headers().contains(HeaderNames.AUTHORIZATION)
                ? recordings.fileByToken(id, name, token.get())
                : recordings.file(auth.require(req), id, name);
        send(req, res, f);
    }

    /**
     * 416 with {@code Content-Range: bytes *}{@code /size} (RFC 9110 §15.5.17). Sent here rather than
     * thrown: the error handler starts from a reset response, which would drop the header.
     */
    private static void unsatisfiable(ServerResponse res, long size, String message) {
        res.header(HeaderNames.CONTENT_RANGE, "bytes */" + size);
        ApiErrors.send(res, ErrorCode.RANGE_NOT_SATISFIABLE, message);
    }

    /** Sends a file whole or one byte range of it. */
    static void send(ServerRequest req, ServerResponse res, Path f) {
        long size;
        try {
            size = Files.size(f);
        } catch (IOException e) {
            throw AppException.notFound("File");
        }
        long start = 0;
        long end = size - 1;
        boolean partial = false;
        var range = req.headers().first(HeaderNames.RANGE);
        if (range.isPresent()) {
            Matcher m = RANGE.matcher(range.get().trim());
            if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
                unsatisfiable(res, size, "Only one range 'bytes=start-end' is supported");
                return;
            }
            try {
                if (m.group(1).isEmpty()) {
                    long suffix = Long.parseLong(m.group(2)); // the last N bytes
                    start = Math.max(0, size - suffix);
                } else {
                    start = Long.parseLong(m.group(1));
                    if (!m.group(2).isEmpty()) {
                        end = Math.min(end, Long.parseLong(m.group(2)));
                    }
                }
            } catch (NumberFormatException e) {
                start = Long.MAX_VALUE;
            }
            if (start >= size || start > end) {
                unsatisfiable(res, size, "Range outside the file's " + size + " bytes");
                return;
            }
            partial = true;
        }
        long length = end - start + 1;
        res.header(HeaderNames.ACCEPT_RANGES, "bytes");
        res.header(HeaderNames.CONTENT_TYPE, RecordingService.contentType(f.getFileName().toString()));
        res.header(HeaderNames.CACHE_CONTROL, "private, max-age=3600");
        res.header("Content-Disposition", "inline; filename=\"" + f.getFileName() + "\"");
        if (partial) {
            res.status(Status.PARTIAL_CONTENT_206);
            res.header(HeaderNames.CONTENT_RANGE, "bytes " + start + "-" + end + "/" + size);
        }
        res.contentLength(length);
        try (InputStream in = Files.newInputStream(f); OutputStream out = res.outputStream()) {
            in.skipNBytes(start);
            byte[] buf = new byte[64 * 1024];
            long left = length;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    break;
                }
                out.write(buf, 0, n);
                left -= n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

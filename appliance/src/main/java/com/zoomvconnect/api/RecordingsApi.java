package com.zoomvconnect.api;

import com.zoomvconnect.record.RecordingService;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;

/** {@code /api/v1/recordings}: list, read and delete recordings. */
public final class RecordingsApi implements HttpService {
    private final RecordingService recordings;
    private final ApiAuth auth;

    public RecordingsApi(RecordingService recordings, ApiAuth auth) {
        this.recordings = recordings;
        this.auth = auth;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .get("/{id}", this::get)
                .delete("/{id}", this::delete);
        Routes.methodNotAllowed(rules, "/", "/{id}");
    }

    private void list(ServerRequest req, ServerResponse res) {
        var caller = auth.require(req);
        int limit = Routes.intParam(req, "limit", 100, 1, 500);
        Json.send(res, Status.OK_200, Map.of("items", recordings.list(caller, limit)));
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
}

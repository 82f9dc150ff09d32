package com.zoomvconnect.app;

import com.zoomvconnect.admin.ActivityHistory;
import com.zoomvconnect.admin.AdminService;
import com.zoomvconnect.api.AccessLog;
import com.zoomvconnect.api.AdminApi;
import com.zoomvconnect.api.AdminSsoTestApi;
import com.zoomvconnect.api.ApiErrors;
import com.zoomvconnect.api.AuthApi;
import com.zoomvconnect.api.BrandingRoutes;
import com.zoomvconnect.api.BreakoutsApi;
import com.zoomvconnect.api.HostForwarding;
import com.zoomvconnect.api.MediaTotals;
import com.zoomvconnect.api.PeerClients;
import com.zoomvconnect.api.MeetingsApi;
import com.zoomvconnect.api.OidcApi;
import com.zoomvconnect.api.SamlApi;
import com.zoomvconnect.api.SelfTestApi;
import com.zoomvconnect.api.RecordingControlApi;
import com.zoomvconnect.api.RecordingsApi;
import com.zoomvconnect.api.SecurityHeaders;
import com.zoomvconnect.api.WebClientRoutes;
import com.zoomvconnect.record.RecordingManager;
import com.zoomvconnect.store.Database;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.integrations.openapi.ui.OpenApiUi;
import io.helidon.openapi.OpenApiFeature;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import java.util.List;
import java.util.function.Supplier;

/** Every route the appliance serves, as a list of the resources' own {@code routing} methods. */
final class WebRoutes {
    private WebRoutes() {
    }

    /**
     * The HTTPS routing: filters, the REST resources, branding, the web client, then the error shape.
     * {@code nodeId} names this node of a cluster (blank on a single site): requests acting on a meeting
     * another node hosts are forwarded there.
     */
    static HttpRouting.Builder https(Services s, RecordingManager recorder, AdminService admin, Supplier<MediaTotals> media,
                                     ActivityHistory history, SelfTestApi.Network network, String nodeId) {
        var routing = HttpRouting.builder()
                .addFilter(new AccessLog())
                .addFilter(new SecurityHeaders())
                .addFilter(new com.zoomvconnect.api.QueryCheck());
        if (!nodeId.isEmpty()) {
            routing.addFilter(new HostForwarding(nodeId, s.live(), s.placement(), new PeerClients()));
        }
        OidcApi.routing(routing, s.oidc(), s.saml(), s.ldap(), s.publicUrl(), s.auth()::ssoOnly);
        SamlApi.routing(routing, s.saml(), s.publicUrl());
        AuthApi.routing(routing, s.auth(), s.apiAuth(), s.ldap());
        MeetingsApi.routing(routing, s.meetings(), s.apiAuth(), s.publicUrl(), s.audit(), s.placement());
        RecordingControlApi.routing(routing, recorder, s.meetings(), s.live(), s.apiAuth());
        RecordingsApi.routing(routing, s.recordings(), s.apiAuth());
        BreakoutsApi.routing(routing, s.meetings(), s.live(), s.apiAuth(), s.audit());
        AdminSsoTestApi.routing(routing, s.apiAuth(), admin, s.publicUrl());
        AdminApi.routing(routing, new AdminApi.Parts(s.auth(), s.apiAuth(), admin, s.live(), s.meetings(), s.audit(), recorder,
                media, history, s.placement()));
        SelfTestApi.routing(routing, network);
        BrandingRoutes.routing(routing, admin::branding);
        WebClientRoutes.routing(routing); // after the API: it answers every other /api path with a JSON 404
        ApiErrors.routing(routing);
        return routing;
    }

    /** {@code /health} (with the database's readiness) and {@code /metrics}, on the HTTPS socket only. */
    static ObserveFeature observe(Database db) {
        return ObserveFeature.builder()
                .endpoint("/")
                .addObserver(HealthObserver.builder()
                        .details(true)
                        .addCheck(() -> HealthCheckResponse.builder().status(db.isHealthy()).build(),
                                HealthCheckType.READINESS, "database")
                        .build())
                .addObserver(MetricsObserver.create())
                .sockets(List.of("@default"))
                .build();
    }

    /**
     * The OpenAPI document from the jar and its UI under {@code /api/docs}, titled and with the
     * product's icon instead of the UI framework's (SmallRye OpenAPI UI options), endpoints grouped
     * by the document's tags.
     */
    static OpenApiFeature openApi() {
        return OpenApiFeature.builder()
                .webContext("/api/docs")
                .staticFile("META-INF/openapi.yaml")
                .addService(OpenApiUi.builder().options(java.util.Map.of(
                        "title", "ZoomVconnect API",
                        "logoHref", "/favicon.svg",
                        "selfHref", "/",
                        "footer", "ZoomVconnect: every endpoint answers errors as {\"error\":{\"code\",\"message\"}}",
                        "tagsSorter", "'alpha'")).build())
                .build();
    }

    /**
     * The plain-HTTP socket: everything moves permanently to HTTPS, on the configured public URL or
     * else on the host the browser asked for (sanitised, so a forged Host cannot inject a header).
     */
    static void redirect(HttpRouting.Builder routing, AppConfig.Server server) {
        routing.any((req, res) -> {
            String host = req.headers().first(HeaderNames.HOST).orElse("localhost")
                    .replaceFirst(":\\d+$", "").replaceAll("[^A-Za-z0-9.\\-\\[\\]:]", "");
            String target = server.publicUrl().isBlank()
                    ? "https://" + host + (server.httpsPort() == 443 ? "" : ":" + server.httpsPort())
                    : server.publicUrl().replaceAll("/$", "");
            res.status(Status.MOVED_PERMANENTLY_301)
                    .header(HeaderNames.LOCATION, target + req.path().rawPath()
                            + (req.query().isEmpty() ? "" : "?" + req.query().rawValue()))
                    .send();
        });
    }
}

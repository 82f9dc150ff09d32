package com.zoomvconnect.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/** A small HTTPS client for API tests; trusts the appliance's self-signed certificate. */
public final class ApiClient {
    public static final ObjectMapper JSON = new ObjectMapper();

    /** A response with its parsed JSON body (null when the body is empty or not JSON). */
    public record Response(int status, JsonNode json, String body, HttpResponse<String> raw) {
        public String errorCode() {
            return json == null ? null : json.path("error").path("code").asText(null);
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    private final String base;
    private final HttpClient http;

    /** Deadlines are generous bounds: on a busy machine a burst of TLS handshakes can take seconds. */
    public ApiClient(int port) {
        this.base = "https://localhost:" + port;
        this.http = HttpClient.newBuilder()
                .sslContext(trustAll())
                .sslParameters(noHostnameCheck())
                .connectTimeout(Duration.ofSeconds(30))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    private ApiClient(String base, HttpClient http) {
        this.base = base;
        this.http = http;
    }

    /**
     * A client of {@code 127.0.0.1:port} that names {@code serverName} in its TLS handshake (SNI), as a
     * browser reaching that name does: what a TCP proxy in front routes on.
     */
    public static ApiClient withServerName(int port, String serverName) {
        SSLParameters p = noHostnameCheck();
        p.setServerNames(java.util.List.of(new javax.net.ssl.SNIHostName(serverName)));
        return new ApiClient("https://127.0.0.1:" + port, HttpClient.newBuilder()
                .sslContext(trustAll())
                .sslParameters(p)
                .connectTimeout(Duration.ofSeconds(30))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
    }

    /** A client of a plain-HTTP test server on loopback (routing mounted without TLS). */
    public static ApiClient plainHttp(int port) {
        return new ApiClient("http://127.0.0.1:" + port, HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(30))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
    }

    public Response get(String path, String token) {
        return send(builder(path, token).GET());
    }

    public Response delete(String path, String token) {
        return send(builder(path, token).DELETE());
    }

    public Response post(String path, String token, Object body) {
        return send(builder(path, token).header("Content-Type", "application/json").POST(body(body)));
    }

    public Response patch(String path, String token, Object body) {
        return send(builder(path, token).header("Content-Type", "application/json").method("PATCH", body(body)));
    }

    /** Raw request: any method, content type and body text. */
    public Response raw(String method, String path, String token, String contentType, String body) {
        var b = builder(path, token);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            String ct = r.headers().firstValue("Content-Type").orElse("");
            if (ct.startsWith("application/json") && !r.body().isEmpty()) {
                json = JSON.readTree(r.body());
            }
            return new Response(r.statusCode(), json, r.body(), r);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder builder(String path, String token) {
        var b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private static HttpRequest.BodyPublisher body(Object body) {
        try {
            return HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static SSLContext trustAll() {
        return com.zoomvconnect.loadgen.SignalClient.trustAll();
    }

    private static SSLParameters noHostnameCheck() {
        var p = new SSLParameters();
        p.setEndpointIdentificationAlgorithm(null);
        return p;
    }
}

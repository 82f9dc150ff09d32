package com.zoomvconnect.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A real Keycloak for the single sign-on tests: the server distribution the build unpacks into
 * {@code target/keycloak} (from {@code org.keycloak:keycloak-quarkus-dist}), started in dev mode
 * on free ports, HTTPS only, with a throw-away self-signed certificate ({@link #caFile()}) and a
 * realm imported from a JSON template. Start it once per test class; {@link #close()} ends the
 * whole process tree.
 */
public final class Keycloak implements AutoCloseable {
    public static final String VERSION = "26.5.6";
    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "admin-password-1";
    private static final ObjectMapper JSON = new ObjectMapper();
    // On a busy 2-core machine Quarkus' build step alone has taken 264 s (measured 2026-11-30, load average 30).
    private static final Duration STARTUP_LIMIT = Duration.ofMinutes(10);

    private final Process process;
    private final int port;
    private final Path caFile;
    private final Path log;
    private final Duration startup;

    private Keycloak(Process process, int port, Path caFile, Path log, Duration startup) {
        this.process = process;
        this.port = port;
        this.caFile = caFile;
        this.log = log;
        this.startup = startup;
    }

    /**
     * Starts Keycloak with the realm of the classpath resource {@code realmTemplate}, each
     * {@code @KEY@} in it replaced by its value, and waits until the realm's discovery document answers.
     */
    private static Keycloak shared;
    private static String sharedKey;

    /**
     * One Keycloak for the whole test JVM, started by the first caller and stopped when the JVM
     * exits: its start is most of a sign-in test class's time, and the OIDC and SAML classes use
     * the same realm. Every caller must ask for the same realm and values (else it fails); each
     * sets what it needs (clients, redirect URIs, group members) itself.
     */
    public static synchronized Keycloak shared(String realm, String realmTemplate, Map<String, String> values) {
        String key = realm + " " + realmTemplate + " " + new java.util.TreeMap<>(values);
        if (shared == null) {
            shared = start(realm, realmTemplate, values);
            sharedKey = key;
            Keycloak kc = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(kc::close, "keycloak-stop"));
        } else if (!sharedKey.equals(key)) {
            throw new IllegalStateException("the shared Keycloak runs " + sharedKey + ", not " + key);
        }
        return shared;
    }

    public static Keycloak start(String realm, String realmTemplate, Map<String, String> values) {
        Path home = Path.of("target", "keycloak", "keycloak-" + VERSION).toAbsolutePath();
        if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("Keycloak is not unpacked at " + home
                    + ": run the build's generate-test-resources phase (maven-dependency-plugin unpack-keycloak)");
        }
        Instant t0 = Instant.now();
        try {
            String json;
            try (var in = Keycloak.class.getResourceAsStream(realmTemplate)) {
                if (in == null) {
                    throw new IllegalStateException("no realm template " + realmTemplate + " on the test classpath");
                }
                json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            for (var e : values.entrySet()) {
                json = json.replace("@" + e.getKey() + "@", e.getValue());
            }
            // Keycloak's own database (its schema and master realm take minutes on a busy machine) is kept
            // between runs while the realm is the same: --import-realm skips a realm that already exists.
            Path marker = home.resolve("data/zvc-realm.sha256");
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8)));
            if (!Files.exists(marker) || !Files.readString(marker).equals(hash)) {
                deleteTree(home.resolve("data"));
            }
            Files.createDirectories(home.resolve("data/import"));
            Files.writeString(home.resolve("data/import/" + realm + "-realm.json"), json);

            Path tls = Files.createTempDirectory("zvc-keycloak-tls-");
            Path cert = tls.resolve("cert.pem");
            Path key = tls.resolve("key.pem");
            selfSigned(cert, key);

            int port = Ports.free();
            int management = Ports.free();
            Path log = Path.of("target", "keycloak-" + port + ".log").toAbsolutePath();
            var pb = new ProcessBuilder(home.resolve("bin/kc.sh").toString(), "start-dev", "--import-realm",
                    "--http-enabled=false", "--http-host=127.0.0.1", "--http-port=" + Ports.free(), "--https-port=" + port, "--http-management-port=" + management,
                    "--https-certificate-file=" + cert, "--https-certificate-key-file=" + key,
                    "--hostname-strict=false", "--cache=local")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            pb.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
            pb.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
            Process process = pb.start();
            var kc = new Keycloak(process, port, cert, log, Duration.ZERO);
            try {
                kc.awaitDiscovery(realm, t0.plus(STARTUP_LIMIT));
            } catch (RuntimeException | Error e) {
                kc.close();
                throw e;
            }
            Files.writeString(marker, hash);
            return new Keycloak(process, port, cert, log, Duration.between(t0, Instant.now()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code https://localhost:<port>/realms/<realm>}. */
    public String issuer(String realm) {
        return base() + "/realms/" + realm;
    }

    public String base() {
        return "https://localhost:" + port;
    }

    /** The PEM certificate Keycloak serves, for {@code oidc.caFile}. */
    public Path caFile() {
        return caFile;
    }

    /** From launch to the realm's discovery document answering. */
    public Duration startupTime() {
        return startup;
    }

    /** An HTTP client that trusts this Keycloak's certificate (for its admin REST API). */
    public HttpClient httpClient() {
        try {
            var ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            try (var in = Files.newInputStream(caFile)) {
                ks.setCertificateEntry("kc", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            var ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(5)).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The redirect URIs of {@code clientId} (the appliance's callback has a port known only at run time). */
    public void setRedirectUris(String realm, String clientId, List<String> uris) {
        String api = base() + "/admin/realms/" + realm;
        String token = adminToken();
        String id = json(send("GET", api + "/clients?clientId=" + clientId, token, null, 200)).path(0).path("id").asText();
        send("PUT", api + "/clients/" + id, token, JSON.createObjectNode().set("redirectUris", JSON.valueToTree(uris)).toString(), 204);
    }

    /** Where {@code clientId} may send the browser after an RP-initiated logout (OIDC RP-Initiated Logout §3). */
    public void setPostLogoutRedirectUris(String realm, String clientId, List<String> uris) {
        String api = base() + "/admin/realms/" + realm;
        String token = adminToken();
        String id = json(send("GET", api + "/clients?clientId=" + clientId, token, null, 200)).path(0).path("id").asText();
        var client = JSON.createObjectNode();
        client.set("attributes", JSON.valueToTree(Map.of("post.logout.redirect.uris", String.join("##", uris))));
        send("PUT", api + "/clients/" + id, token, client.toString(), 204);
    }

    /**
     * Creates (again) the SAML client {@code entityId} posting to {@code acsUrl}: Response signed, NameID
     * the user name, attributes email, firstName, lastName and groups (the appliance's port is known only
     * at run time, so this client is made after start rather than imported).
     */
    public void putSamlClient(String realm, String entityId, String acsUrl) {
        String api = base() + "/admin/realms/" + realm;
        String token = adminToken();
        for (JsonNode old : json(send("GET", api + "/clients?clientId=" + URLEncoder.encode(entityId, StandardCharsets.UTF_8), token, null, 200))) {
            send("DELETE", api + "/clients/" + old.path("id").asText(), token, null, 204);
        }
        var client = JSON.createObjectNode().put("clientId", entityId).put("protocol", "saml").put("enabled", true)
                .put("frontchannelLogout", false);
        client.set("redirectUris", JSON.valueToTree(List.of(acsUrl)));
        client.set("attributes", JSON.valueToTree(Map.of("saml_assertion_consumer_url_post", acsUrl,
                "saml.server.signature", "true", "saml.assertion.signature", "false", "saml.client.signature", "false",
                "saml.authnstatement", "true", "saml.force.post.binding", "true", "saml_name_id_format", "username",
                "saml_force_name_id_format", "true", "saml.signature.algorithm", "RSA_SHA256")));
        var mappers = JSON.createArrayNode();
        for (String attribute : List.of("email", "firstName", "lastName")) {
            mappers.add(JSON.valueToTree(Map.of("name", attribute, "protocol", "saml", "protocolMapper", "saml-user-property-mapper",
                    "config", Map.of("user.attribute", attribute, "attribute.name", attribute, "attribute.nameformat", "Basic"))));
        }
        mappers.add(JSON.valueToTree(Map.of("name", "groups", "protocol", "saml", "protocolMapper", "saml-group-membership-mapper",
                "config", Map.of("attribute.name", "groups", "full.path", "false", "single", "false", "attribute.nameformat", "Basic"))));
        client.set("protocolMappers", mappers);
        send("POST", api + "/clients", token, client.toString(), 201);
    }

    /** Puts {@code username} into {@code group} or takes it out. */
    public void setMember(String realm, String username, String group, boolean member) {
        String api = base() + "/admin/realms/" + realm;
        String token = adminToken();
        String user = json(send("GET", api + "/users?exact=true&username=" + username, token, null, 200)).path(0).path("id").asText();
        String g = json(send("GET", api + "/groups?exact=true&search=" + group, token, null, 200)).path(0).path("id").asText();
        send(member ? "PUT" : "DELETE", api + "/users/" + user + "/groups/" + g, token, null, 204);
    }

    private String adminToken() {
        String form = "grant_type=password&client_id=admin-cli&username=" + ADMIN + "&password=" + ADMIN_PASSWORD;
        try {
            var res = httpClient().send(HttpRequest.newBuilder(URI.create(base() + "/realms/master/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() != 200) {
                throw new IllegalStateException("Keycloak admin token: HTTP " + res.statusCode() + " " + res.body());
            }
            return json(res.body()).path("access_token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String send(String method, String url, String token, String body, int expected) {
        var b = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            var res = httpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() != expected) {
                throw new IllegalStateException("Keycloak " + method + " " + url + ": HTTP " + res.statusCode() + " " + res.body());
            }
            return res.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitDiscovery(String realm, Instant deadline) {
        HttpClient http = httpClient();
        var req = HttpRequest.newBuilder(URI.create(issuer(realm) + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(5)).build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + ":\n" + tail());
            }
            try {
                if (http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("Keycloak did not answer within " + STARTUP_LIMIT + ":\n" + tail());
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    @Override
    public void close() {
        // kc.sh starts java as a child: end the children first, then the script.
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                // Killed mid-write, its H2 database may be broken (seen on a loaded machine): the next start makes it anew.
                Files.deleteIfExists(Path.of("target", "keycloak", "keycloak-" + VERSION, "data", "zvc-realm.sha256"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
    }

    private static void selfSigned(Path certFile, Path keyFile) throws IOException {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048);
            KeyPair pair = gen.generateKeyPair();
            Instant now = Instant.now();
            var name = new X500Name("CN=localhost,O=ZoomVconnect test IdP");
            var b = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), name, pair.getPublic());
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
            writePem(certFile, cert);
            writePem(keyFile, new JcaPKCS8Generator(pair.getPrivate(), null));
        } catch (java.security.GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writePem(Path file, Object o) throws IOException {
        try (var w = new JcaPEMWriter(Files.newBufferedWriter(file))) {
            w.writeObject(o);
        }
    }


    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

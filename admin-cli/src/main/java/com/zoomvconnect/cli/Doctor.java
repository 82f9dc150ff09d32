package com.zoomvconnect.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.admin.AdminChannel;
import com.zoomvconnect.admin.AdminClient;
import com.zoomvconnect.app.AdminSupport;
import com.zoomvconnect.app.AppConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code zvc-admin doctor}: checks what usually goes wrong, one line each; exit 1 if anything failed. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Check configuration, data directory, disk, certificate, ports, network and database.")
final class Doctor implements Callable<Integer> {
    @ParentCommand
    ZvcAdmin root;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    private int failures;
    private PrintWriter out;

    static boolean applianceAnswers(Path dataDir) {
        return liveStatus(dataDir) != null;
    }

    /**
     * The running appliance's status over its admin channel, or null when it does not answer. An
     * appliance that answers with an error (its database gone, say) is running: the error is the
     * status, under {@code error}.
     */
    static JsonNode liveStatus(Path dataDir) {
        try {
            AdminClient c = AdminClient.forDataDir(dataDir);
            if (c == null) {
                return null;
            }
            JsonNode r = c.call("status", Map.of());
            return r.path("ok").asBoolean() ? r.path("result") : r.has("error") ? r : null;
        } catch (IOException e) {
            return null;
        }
    }

    private void ok(String m) {
        out.println("OK    " + m);
    }

    private void warn(String m) {
        out.println("WARN  " + m);
    }

    private void fail(String m) {
        out.println("FAIL  " + m);
        failures++;
    }

    @Override
    public Integer call() {
        out = spec.commandLine().getOut();
        AppConfig cfg;
        try {
            cfg = root.loadConfig();
            ok("configuration " + (Files.exists(root.config) ? root.config : "defaults (no " + root.config + ")"));
        } catch (ZvcAdmin.Failure e) {
            fail("configuration: " + e.getMessage());
            return 1;
        }
        Path data = cfg.dataDir();
        if (!Files.isDirectory(data)) {
            fail("data directory " + data + " does not exist");
        } else {
            ok("data directory " + data + (Files.isWritable(data) ? "" : " (not writable by this user)"));
            try {
                var store = Files.getFileStore(data);
                long free = store.getUsableSpace();
                String gib = String.format("%.1f GiB free", free / 1073741824.0);
                if (free < 1L << 30) {
                    fail("disk: only " + gib + " on " + store + " (recordings and the database need room)");
                } else if (free < 5L << 30) {
                    warn("disk: " + gib + " on " + store);
                } else {
                    ok("disk: " + gib);
                }
            } catch (IOException e) {
                warn("disk: " + e.getMessage());
            }
        }
        certificate(cfg);
        JsonNode live = liveStatus(data);
        if (live != null) {
            ok("appliance running (admin channel " + AdminChannel.socketPath(data) + " answers)");
            // The running appliance reports what it bound; the configuration may say 0 (any port).
            int redirectPort = live.path("redirectPort").asInt(cfg.server().redirectPort());
            database(live);
            tcp("HTTPS", live.path("httpsPort").asInt(cfg.server().httpsPort()), true);
            if (redirectPort >= 0) {
                redirect(redirectPort);
            } else {
                ok("HTTP redirect to HTTPS is off (server.redirect.port: -1)");
            }
            tcp("media (ICE-TCP)", live.path("mediaPort").asInt(cfg.media().port()), true);
        } else {
            warn("appliance not running (start it: systemctl start zoomvconnect)");
            tcp("HTTPS", cfg.server().httpsPort(), false);
            if (cfg.server().redirectPort() >= 0) {
                tcp("HTTP redirect", cfg.server().redirectPort(), false);
            }
            udpFree(cfg.media().port());
            try (AdminSupport.Offline off = AdminSupport.openOffline(cfg)) {
                database(ZvcAdmin.JSON.valueToTree(off.service().execute("status", Map.of())));
            } catch (RuntimeException e) {
                fail("database " + cfg.database().url().replaceAll("password=[^;&]*", "password=***") + " is not reachable: "
                        + e.getMessage());
            }
        }
        network(cfg);
        out.println(failures == 0 ? "No problems found." : failures + " problem(s) found.");
        return failures == 0 ? 0 : 1;
    }

    /** The database as the appliance (running) or this process (stopped) reaches it. */
    private void database(JsonNode status) {
        if (status.has("error")) {
            JsonNode e = status.path("error");
            fail(e.path("code").asText().equals("unauthorized") ? "admin channel: " + e.path("message").asText()
                    : "database: the appliance cannot read it: " + e.path("message").asText());
            return;
        }
        String url = status.path("database").asText();
        if (!status.path("databaseHealthy").asBoolean()) {
            fail("database " + url + " does not answer");
            return;
        }
        ok("database " + url + " reachable, " + status.path("users").asLong() + " users");
        if (status.path("administrators").isEmpty()) {
            warn("no administrator yet: zvc-admin users add --admin EMAIL");
        }
    }

    /** The plain-HTTP port must answer with a redirect to HTTPS (browsers typing the bare name land there). */
    private void redirect(int port) {
        var http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(2)).build();
        try {
            var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding());
            String location = r.headers().firstValue("Location").orElse("");
            if (r.statusCode() / 100 == 3 && location.startsWith("https://")) {
                ok("HTTP redirect port " + port + " answers with a redirect to " + location + " (open TCP " + port + " in the firewall)");
            } else {
                fail("HTTP redirect port " + port + " answers " + r.statusCode() + (location.isEmpty() ? "" : " to " + location)
                        + ", not a redirect to HTTPS");
            }
        } catch (IOException e) {
            fail("HTTP redirect port " + port + " does not answer on 127.0.0.1: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("HTTP redirect port " + port + ": interrupted");
        }
    }

    private void certificate(AppConfig cfg) {
        Path cert = cfg.tls().map(AppConfig.TlsFiles::certificate).orElse(cfg.dataDir().resolve("tls").resolve("server.crt"));
        if (!Files.exists(cert)) {
            warn("TLS: no certificate yet at " + cert + " (a self-signed one is made at first start; install yours with zvc-admin tls install)");
            return;
        }
        try (var in = Files.newInputStream(cert)) {
            var c = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            Instant end = c.getNotAfter().toInstant();
            long days = Duration.between(Instant.now(), end).toDays();
            boolean selfSigned = c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
            String what = "TLS certificate " + c.getSubjectX500Principal().getName() + (selfSigned ? " (self-signed: browsers warn)" : "");
            if (days < 0) {
                fail(what + " expired on " + end);
            } else if (days < 30) {
                warn(what + " expires in " + days + " days");
            } else if (selfSigned) {
                warn(what + ", valid " + days + " more days");
            } else {
                ok(what + ", valid " + days + " more days");
            }
        } catch (Exception e) {
            fail("TLS certificate " + cert + " unreadable: " + e.getMessage());
        }
    }

    private void tcp(String what, int port, boolean expectListening) {
        if (expectListening) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                ok(what + " port " + port + " accepts connections (open TCP " + port + " in the firewall)");
            } catch (IOException e) {
                fail(what + " port " + port + " does not accept connections on 127.0.0.1 (server.host set to one address?)");
            }
        } else {
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(port));
                ok(what + " port " + port + " is free");
            } catch (IOException e) {
                fail(what + " port " + port + " is taken by another program: " + e.getMessage());
            }
        }
    }

    private void udpFree(int port) {
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.bind(new InetSocketAddress(port));
            ok("media port UDP " + port + " is free");
        } catch (IOException e) {
            fail("media port UDP " + port + " is taken by another program: " + e.getMessage());
        }
    }

    private void network(AppConfig cfg) {
        int port = cfg.media().port();
        try {
            var addrs = NetworkInterface.networkInterfaces().filter(i -> {
                try {
                    return i.isUp() && !i.isLoopback();
                } catch (IOException e) {
                    return false;
                }
            }).flatMap(NetworkInterface::inetAddresses).filter(a -> !a.isLinkLocalAddress()).map(a -> a.getHostAddress()).toList();
            if (addrs.isEmpty() && cfg.media().announcedAddresses().isEmpty()) {
                fail("network: no non-loopback address; browsers on the LAN cannot reach the media port");
            } else {
                ok("media candidates: " + (cfg.media().announcedAddresses().isEmpty() ? addrs : cfg.media().announcedAddresses())
                        + " port " + port + "; open UDP " + port + " and TCP " + port
                        + " in the firewall (behind NAT, set media.announced.addresses to the public address)");
            }
        } catch (IOException e) {
            warn("network: " + e.getMessage());
        }
    }
}

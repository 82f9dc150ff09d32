package com.zoomvconnect.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.NetNamespace;
import com.zoomvconnect.testing.TestAppliance;
import com.zoomvconnect.testing.browser.CdpPage;
import com.zoomvconnect.testing.browser.Chromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Impaired-network benchmark (on demand, needs root, iproute2, nftables and socat; see
 * docs/performance.md): a viewer's Chromium runs in its own network namespace behind a veth pair;
 * after 20 s on a clean link, its link becomes 1 Mbit/s with 5 % loss both ways for 30 s, then is
 * clean again for 40 s. The publisher sends 720p simulcast from the host namespace;
 * the viewer pins it (wants the top layer). Reports, second by second, the layer the viewer
 * decodes, its frame rate and freezes, and the SFU's downlink estimate for it.
 *
 * <pre>./mvnw -o test -pl appliance -am -Dsurefire.failIfNoSpecifiedTests=false -Dtest=ImpairedNetworkBenchmark</pre>
 */
class ImpairedNetworkBenchmark {

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
        }
    }

    private static void quiet(String... cmd) {
        try {
            new ProcessBuilder(cmd).redirectErrorStream(true).start().waitFor();
        } catch (Exception e) {
            // cleanup only
        }
    }

    /**
     * 1 Mbit/s (token bucket, 200 ms of queue) and 5 % random loss (nftables) both ways on the
     * viewer's link. {@code tc netem} would add the 100 ms delay too, but this machine's kernel has
     * no sch_netem; where it exists, add {@code netem delay 100ms} under the token bucket.
     */
    private static void impair(NetNamespace ns, boolean on) throws Exception {
        String host = ns.hostInterface();
        String inner = ns.nsInterface();
        if (on) {
            run("tc", "qdisc", "add", "dev", host, "root", "tbf", "rate", "1mbit", "burst", "16kbit", "latency", "200ms");
            ns.inside("tc", "qdisc", "add", "dev", inner, "root", "tbf", "rate", "1mbit", "burst", "16kbit", "latency", "200ms");
            run("nft", "add", "table", "inet", "zvcimp");
            run("nft", "add", "chain", "inet", "zvcimp", "out", "{ type filter hook output priority 0; }");
            run("nft", "add", "rule", "inet", "zvcimp", "out", "oifname", host, "numgen", "random", "mod", "100", "<", "5", "drop");
            ns.firewall("oifname " + inner + " numgen random mod 100 < 5 drop");
        } else {
            quiet("tc", "qdisc", "del", "dev", host, "root");
            quiet("ip", "netns", "exec", ns.name(), "tc", "qdisc", "del", "dev", inner, "root");
            ns.firewall();
            quiet("nft", "delete", "table", "inet", "zvcimp");
        }
    }

    @Test
    void downlinkImpairedForThirtySeconds() throws Exception {
        List<Chromium> browsers = new ArrayList<>();
        List<CdpPage> pages = new ArrayList<>();
        StringBuilder report = new StringBuilder();
        // Chromium inside the namespace; NetNamespace relays its DevTools socket so this test can drive it.
        NetNamespace ns = NetNamespace.create();
        try {
            try (Appliance a = TestAppliance.startH2OnAllInterfaces()) {
                var api = new ApiClient(a.httpsPort());
                String token = api.post("/api/v1/auth/register", null, Map.of("email", "imp@example.com", "password", "password1",
                        "displayName", "Imp")).json().path("accessToken").asText();
                String code = api.post("/api/v1/meetings", token, Map.of("title", "Impaired", "allowGuests", true)).json()
                        .path("code").asText();
                Chromium pub = Chromium.launch("--use-fake-device-for-media-stream=fps=30");
                browsers.add(pub);
                CdpPage ann = pub.newPage("https://localhost:" + a.httpsPort() + "/j/" + code + "?name=Ann&autojoin=1&res=720");
                pages.add(ann);
                ann.waitFor("window.zvc?.room?.state === 'joined'", Duration.ofSeconds(30));
                Chromium viewer = ns.chromium("--use-fake-device-for-media-stream=fps=30");
                browsers.add(viewer);
                CdpPage bob = viewer.newPage("https://" + ns.hostAddress() + ":" + a.httpsPort() + "/j/" + code + "?name=Bob&autojoin=1&res=360&muted=1");
                pages.add(bob);
                bob.waitFor("window.zvc?.room?.state === 'joined'", Duration.ofSeconds(40));
                bob.waitFor("(async () => (await window.zvc.room.snapshot()).remote.some(r => r.kind === 'video' && r.framesDecoded > 10))()",
                        Duration.ofSeconds(40));
                bob.evaluate("document.querySelector('.tile:not(.self)').click(); true"); // pin Ann: wants the top layer
                report.append("| t (s) | link | layer height | decoded fps | freezes (total) | SFU downlink estimate |\n|---|---|---|---|---|---|\n");
                String bobId = bob.evaluate("window.zvc.room.self.id").asText();
                long lastFrames = -1;
                for (int t = 0; t < 90; t++) {
                    if (t == 20) {
                        impair(ns, true);
                    }
                    if (t == 50) {
                        impair(ns, false);
                    }
                    Thread.sleep(1000);
                    JsonNode r = bob.evaluate("(async () => { const s = await window.zvc.room.snapshot();"
                            + " const v = s.remote.find(r => r.kind === 'video' && r.source === 'camera');"
                            + " return v ? {h: v.frameHeight, f: v.framesDecoded, fr: v.freezeCount} : null; })()");
                    long frames = r.path("f").asLong();
                    report.append(String.format(Locale.ROOT, "| %d | %s | %d | %d | %d | %s |%n", t + 1,
                            t >= 20 && t < 50 ? "1 Mbit/s, 5 % loss" : "clean", r.path("h").asInt(),
                            lastFrames < 0 ? 0 : frames - lastFrames, r.path("fr").asLong(),
                            a.sfu().downlinkEstimates().getOrDefault(bobId, -1L)));
                    lastFrames = frames;
                }
                report.append(String.format(Locale.ROOT, "%nSFU counters: %s%n", a.sfu().counters().snapshot()));
            }
        } finally {
            for (CdpPage p : pages) {
                try {
                    p.close();
                } catch (RuntimeException e) {
                    // gone
                }
            }
            browsers.forEach(Chromium::close);
            impair(ns, false);
            ns.close();
        }
        System.out.println(report);
        Files.writeString(Path.of("target", "impaired-network.md"), report);
    }
}

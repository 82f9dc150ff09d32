package com.zoomvconnect.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.testing.BrowserTest;
import com.zoomvconnect.testing.TestAppliance;
import com.zoomvconnect.testing.browser.Browsers;
import com.zoomvconnect.testing.browser.CdpPage;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * End-to-end encryption's CPU cost per sender (not part of the default test run; see
 * docs/performance.md): in a headless Chromium page served by the appliance, the web client's own
 * {@code js/e2ee/frames.js} encrypts and decrypts frames of the sizes a sender produces (Opus
 * 120 bytes; VP8 delta frames of 1.5, 4 and 12 KB and key frames of 20 KB), 2000 of each after a
 * warm-up, and prints the time per frame. What a sender pays per second follows from its frame
 * rates: 50 Opus frames, 3 simulcast layers at 30 fps.
 *
 * <pre>./mvnw -o test -pl appliance -am -Dsurefire.failIfNoSpecifiedTests=false -Dtest=E2eeCostBenchmark</pre>
 */
class E2eeCostBenchmark implements BrowserTest {
    private static final String BENCH = """
            (async () => {
              const { FrameCrypto } = await import('/js/e2ee/frames.js');
              const { newMediaKey } = await import('/js/e2ee/keys.js');
              const tx = new FrameCrypto(), rx = new FrameCrypto();
              const k = newMediaKey();
              tx.setSendKey(k.key, k.epoch, 0);
              rx.addKey('p', k.key, k.epoch, 0);
              const out = {};
              for (const [name, kind, type, size] of [['opus-120B', 'audio', undefined, 120], ['vp8-delta-1.5KB', 'video', 'delta', 1500],
                  ['vp8-delta-4KB', 'video', 'delta', 4000], ['vp8-delta-12KB', 'video', 'delta', 12000], ['vp8-key-20KB', 'video', 'key', 20000]]) {
                const frame = crypto.getRandomValues(new Uint8Array(size)).buffer;
                for (let i = 0; i < 200; i++) await rx.decrypt(await tx.encrypt(frame, kind, type), kind, type, 'p');
                let t = performance.now();
                let enc;
                for (let i = 0; i < 2000; i++) enc = await tx.encrypt(frame, kind, type);
                const encUs = (performance.now() - t) * 1000 / 2000;
                t = performance.now();
                for (let i = 0; i < 2000; i++) await rx.decrypt(enc, kind, type, 'p');
                out[name] = { encryptUs: Math.round(encUs), decryptUs: Math.round((performance.now() - t) * 1000 / 2000) };
              }
              return out;
            })()""";

    @Test
    void frameEncryptionCostPerFrame() throws Exception {
        try (Appliance a = TestAppliance.startH2(); Browsers browsers = new Browsers("e2ee-cost")) {
            CdpPage page = browsers.open("https://localhost:" + a.httpsPort() + "/");
            page.waitFor("document.readyState === 'complete'", Duration.ofSeconds(20));
            for (int run = 1; run <= 3; run++) {
                JsonNode r = page.evaluate(BENCH);
                System.out.println("E2EE cost run " + run + ": " + r);
            }
            System.out.println("cores: " + Runtime.getRuntime().availableProcessors() + ", load: "
                    + java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }
}

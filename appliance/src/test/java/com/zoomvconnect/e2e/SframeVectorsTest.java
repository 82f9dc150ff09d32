package com.zoomvconnect.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.testing.TestAppliance;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The web client's SFrame module (js/e2ee/sframe.js, as packaged) against the test vectors of
 * RFC 9605 Appendix C: header encoding (C.1) and encryption/decryption with both AES-GCM suites
 * (C.3), run by Node, whose WebCrypto is the same API the browsers give the module.
 */
class SframeVectorsTest {

    @Test
    void sframeModuleMatchesTheRfc9605TestVectors() throws Exception {
        Path dir = TestAppliance.tempDir();
        copy("web/js/e2ee/sframe.js", dir.resolve("sframe.js"));
        copy("com/zoomvconnect/e2e/sframe-vectors.mjs", dir.resolve("sframe-vectors.mjs"));
        Files.writeString(dir.resolve("package.json"), "{\"type\":\"module\"}"); // .js files are ES modules here
        Process node = new ProcessBuilder("node", "sframe-vectors.mjs").directory(dir.toFile()).redirectErrorStream(true).start();
        assertTrue(node.waitFor(60, TimeUnit.SECONDS), "node did not finish");
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, node.exitValue(), out);
        assertTrue(out.startsWith("OK ") && Integer.parseInt(out.trim().split(" ")[1]) >= 60, out);
    }

    private static void copy(String resource, Path to) throws Exception {
        try (InputStream in = SframeVectorsTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, resource + " is not on the classpath");
            Files.copy(in, to);
        }
    }
}

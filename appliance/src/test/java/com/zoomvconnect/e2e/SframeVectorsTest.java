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
 * The web client's end-to-end encryption modules (js/e2ee/*.js, as packaged) under Node, whose
 * WebCrypto is the API the browsers give them: the SFrame module against the test vectors of
 * RFC 9605 Appendix C (header encoding C.1, encryption and decryption with both AES-GCM suites
 * C.3), and the frame and key modules' own rules.
 */
class SframeVectorsTest {

    @Test
    void sframeModuleMatchesTheRfc9605TestVectors() throws Exception {
        assertTrue(runNode("sframe-vectors.mjs") >= 60);
    }

    @Test
    void framesKeepOnlyTheCodecHeaderClearFollowTheRatchetAndKeysOpenOnlyForTheirRecipient() throws Exception {
        assertTrue(runNode("e2ee-keys.mjs") >= 20);
    }

    /** Runs a script beside the packaged e2ee modules; the number of checks it passed. */
    private static int runNode(String script) throws Exception {
        Path dir = TestAppliance.tempDir();
        for (String module : new String[] {"sframe.js", "frames.js", "keys.js"}) {
            copy("web/js/e2ee/" + module, dir.resolve(module));
        }
        copy("com/zoomvconnect/e2e/" + script, dir.resolve(script));
        Files.writeString(dir.resolve("package.json"), "{\"type\":\"module\"}"); // .js files are ES modules here
        Process node = new ProcessBuilder("node", script).directory(dir.toFile()).redirectErrorStream(true).start();
        assertTrue(node.waitFor(60, TimeUnit.SECONDS), "node did not finish");
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, node.exitValue(), out);
        assertTrue(out.startsWith("OK "), out);
        return Integer.parseInt(out.trim().split(" ")[1]);
    }

    private static void copy(String resource, Path to) throws Exception {
        try (InputStream in = SframeVectorsTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, resource + " is not on the classpath");
            Files.copy(in, to);
        }
    }
}

package com.zoomvconnect.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The third-party files the web client serves (web-static/src/main/web/vendor, from npm packages
 * of the versions pinned in web-static/vendor.sh) are byte for byte the ones the manifest lists.
 */
class VendoredFilesTest {
    private static byte[] resource(String path) throws IOException {
        try (InputStream in = VendoredFilesTest.class.getClassLoader().getResourceAsStream("web/vendor/" + path)) {
            assertNotNull(in, "missing from the web client: vendor/" + path);
            return in.readAllBytes();
        }
    }

    @Test
    void everyVendoredFileMatchesItsSha256InTheManifest() throws IOException, NoSuchAlgorithmException {
        List<String> lines = new String(resource("SHA256SUMS"), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        assertTrue(lines.size() >= 10, "manifest lists " + lines.size() + " files");
        for (String line : lines) {
            String expected = line.substring(0, 64);
            String path = line.substring(66);
            String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(resource(path)));
            assertEquals(expected, actual, "vendor/" + path + " differs from the manifest (rerun web-static/vendor.sh)");
        }
    }

    @Test
    void theModelTheWasmAndTheirLicencesAreVendored() throws IOException {
        List<String> listed = new String(resource("SHA256SUMS"), StandardCharsets.UTF_8).lines().map(l -> l.substring(66)).toList();
        for (String needed : List.of("selfie_segmentation/selfie_segmentation_landscape.tflite",
                "selfie_segmentation/selfie_segmentation_solution_simd_wasm_bin.wasm", "web-noise-suppressor/rnnoise_simd.wasm",
                "tasks-vision/vision_bundle.mjs", "tasks-vision/vision_wasm_module_internal.wasm",
                "tasks-vision/selfie_segmentation_landscape.tflite",
                "web-noise-suppressor/rnnoise/workletProcessor.js", "web-noise-suppressor/LICENSE")) {
            assertTrue(listed.contains(needed), needed + " not in the manifest");
        }
    }
}

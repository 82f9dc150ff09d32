package com.zoomvconnect.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zoomvconnect.testing.TestAppliance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsMaterialTest {
    @TempDir
    Path dir;

    @Test
    void generatesAnEcdsaSelfSignedCertificateOnceAndReusesIt() throws Exception {
        AppConfig config = TestAppliance.config(dir, null);
        TlsMaterial first = TlsMaterial.resolve(config);
        X509Certificate cert = first.chain().get(0);
        assertEquals("EC", cert.getPublicKey().getAlgorithm());
        assertEquals("SHA256withECDSA", cert.getSigAlgName());
        assertTrue(cert.getSubjectAlternativeNames().stream().anyMatch(san -> "localhost".equals(san.get(1))));
        cert.verify(cert.getPublicKey());
        Path key = dir.resolve("tls/server.key");
        assertEquals(java.util.Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(key), "private key readable by the owner only");

        TlsMaterial second = TlsMaterial.resolve(config);
        assertArrayEquals(cert.getEncoded(), second.chain().get(0).getEncoded(), "kept across restarts");
    }

    @Test
    void loadsTheAdminsPemFiles() {
        TlsMaterial generated = TlsMaterial.resolve(TestAppliance.config(dir, null));
        AppConfig c = TestAppliance.config(dir.resolve("other"), null);
        var withFiles = new AppConfig(c.dataDir(), c.server(),
                Optional.of(new AppConfig.TlsFiles(dir.resolve("tls/server.crt"), dir.resolve("tls/server.key"))),
                c.database(), c.auth(), c.media(), c.source());
        TlsMaterial loaded = TlsMaterial.resolve(withFiles);
        assertEquals(generated.chain(), loaded.chain());
        assertTrue(loaded.origin().startsWith("configured"));
    }

    @Test
    void unreadableFilesStopWithAClearMessage() throws Exception {
        Path notPem = dir.resolve("cert.pem");
        Files.writeString(notPem, "this is not a certificate");
        var e = assertThrows(BadConfigException.class, () -> TlsMaterial.loadPem(notPem, notPem, "x"));
        assertTrue(e.getMessage().contains("cert.pem"), e.getMessage());
        var missing = assertThrows(BadConfigException.class, () -> TlsMaterial.loadPem(dir.resolve("none.pem"), notPem, "x"));
        assertTrue(missing.getMessage().contains("none.pem"), missing.getMessage());
    }
}

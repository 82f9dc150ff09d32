package com.zoomvconnect.app;

import com.zoomvconnect.admin.ApplianceReach;
import com.zoomvconnect.auth.Principal;
import com.zoomvconnect.record.RecordingService;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;

/**
 * The admin commands' reach into the appliance's files: the certificate the HTTPS listener serves (when
 * running) or the one its next start will load (when stopped), and the recordings with their files.
 */
final class AdminReach implements ApplianceReach {
    /** The shell acts as an administrator on the recordings. */
    private static final Principal SHELL = new Principal("zvc-admin", "", "zvc-admin", "admin");

    private final AppConfig config;
    private final RecordingService recordings;
    private final TlsMaterial inUse;

    /** @param inUse what the HTTPS listener serves, or null when the appliance is stopped */
    AdminReach(AppConfig config, RecordingService recordings, TlsMaterial inUse) {
        this.config = config;
        this.recordings = recordings;
        this.inUse = inUse;
    }

    @Override
    public Optional<Certificate> tlsCertificate() {
        if (inUse != null) {
            return Optional.of(new Certificate(inUse.chain(), inUse.origin(), true));
        }
        // Stopped: the file TlsMaterial.resolve would load; only the certificate, the key is not needed to describe it.
        Path file = config.tls().isPresent() ? config.tls().get().certificate() : config.dataDir().resolve("tls").resolve("server.crt");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String origin = (config.tls().isPresent() ? "configured certificate " : "self-signed certificate ") + file;
        return Optional.of(new Certificate(readChain(file), origin, false));
    }

    private static List<X509Certificate> readChain(Path file) {
        List<X509Certificate> chain = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
            var converter = new JcaX509CertificateConverter();
            Object o;
            while ((o = p.readObject()) != null) {
                if (o instanceof X509CertificateHolder h) {
                    chain.add(converter.getCertificate(h));
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new BadConfigException("Cannot read TLS certificate " + file + ": " + e.getMessage());
        }
        if (chain.isEmpty()) {
            throw new BadConfigException("TLS certificate file " + file + " contains no PEM certificate");
        }
        return chain;
    }

    @Override
    public List<?> recordings(int limit, String q) {
        return recordings.list(SHELL, limit, q);
    }

    @Override
    public void deleteRecording(String id) {
        recordings.delete(SHELL, id);
    }

    @Override
    public long recordingsUsedBytes() {
        Path dir = config.dataDir().resolve("recordings");
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public long configuredQuotaGb() {
        return config.recording().quotaGb();
    }

    @Override
    public int configuredRetentionDays() {
        return config.recording().retentionDays();
    }
}

package com.zoomvconnect.app;

import com.zoomvconnect.admin.AdminService;
import com.zoomvconnect.auth.AuthService;
import com.zoomvconnect.auth.PasswordHasher;
import com.zoomvconnect.auth.TokenService;
import com.zoomvconnect.auth.TokenSigner;
import com.zoomvconnect.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** What {@code zvc-admin} needs from the appliance's internals when it works without the running service. */
public final class AdminSupport {
    private AdminSupport() {
    }

    /** The admin service on the database itself (the appliance is stopped); close it to release the database. */
    public record Offline(Database database, AdminService service) implements AutoCloseable {
        @Override
        public void close() {
            database.close();
        }
    }

    /** Opens the database (migrating it if needed) and the admin service over it. */
    public static Offline openOffline(AppConfig config) {
        Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1000));
        Database db = Database.open(config.database());
        try {
            var hasher = new PasswordHasher(config.auth().password());
            var tokens = new TokenService(new TokenSigner(Secrets.tokenKey(config.dataDir())), config.auth(), clock);
            var auth = new AuthService(db, hasher, tokens, config.auth(), clock);
            var recordings = new com.zoomvconnect.record.RecordingService(db, config.dataDir().resolve("recordings"),
                    new TokenSigner(Secrets.tokenKey(config.dataDir())), clock);
            return new Offline(db, new AdminService(db, auth, hasher, clock, null, new AdminReach(config, recordings, null)));
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * Checks a PEM certificate chain and private key: readable, the key belongs to the first
     * certificate, and the certificate is valid now. Returns a one-line description.
     */
    public static String validateTls(Path certFile, Path keyFile) {
        TlsMaterial tls = TlsMaterial.loadPem(certFile, keyFile, certFile.toString());
        X509Certificate leaf = tls.chain().get(0);
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            String alg = tls.privateKey().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
            Signature s = Signature.getInstance(alg);
            s.initSign(tls.privateKey());
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(leaf.getPublicKey());
            v.update(probe);
            if (!v.verify(sig)) {
                throw new BadConfigException("The private key does not belong to the certificate " + leaf.getSubjectX500Principal());
            }
        } catch (GeneralSecurityException e) {
            throw new BadConfigException("The private key does not belong to the certificate: " + e.getMessage());
        }
        Instant now = Instant.now();
        if (leaf.getNotAfter().toInstant().isBefore(now)) {
            throw new BadConfigException("The certificate expired on " + leaf.getNotAfter().toInstant());
        }
        if (leaf.getNotBefore().toInstant().isAfter(now)) {
            throw new BadConfigException("The certificate is not valid before " + leaf.getNotBefore().toInstant());
        }
        return leaf.getSubjectX500Principal().getName() + ", valid until " + leaf.getNotAfter().toInstant();
    }

    /** Copies a validated certificate and key to where the appliance reads them ({@code <data>/tls}). */
    public static Path installTls(AppConfig config, Path certFile, Path keyFile) throws IOException {
        Path dir = config.dataDir().resolve("tls");
        Files.createDirectories(dir);
        Path certTmp = dir.resolve("server.crt.new");
        Path keyTmp = dir.resolve("server.key.new");
        Files.copy(certFile, certTmp, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(keyFile, keyTmp, StandardCopyOption.REPLACE_EXISTING);
        try {
            Files.setPosixFilePermissions(keyTmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not POSIX
        }
        Files.move(certTmp, dir.resolve("server.crt"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(keyTmp, dir.resolve("server.key"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return dir;
    }
}

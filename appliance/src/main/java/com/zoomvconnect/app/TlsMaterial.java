package com.zoomvconnect.app;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The HTTPS certificate: the admin's PEM files when configured, otherwise a self-signed ECDSA
 * P-256 certificate generated on first start and kept in {@code <data>/tls/}.
 */
public record TlsMaterial(PrivateKey privateKey, List<X509Certificate> chain, String origin) {
    private static final Duration SELF_SIGNED_VALIDITY = Duration.ofDays(825);

    /** Loads the configured PEM pair, or loads/creates the self-signed one in the data dir. */
    public static TlsMaterial resolve(AppConfig config) {
        if (config.tls().isPresent()) {
            var files = config.tls().get();
            return loadPem(files.certificate(), files.privateKey(), "configured certificate " + files.certificate());
        }
        Path dir = config.dataDir().resolve("tls");
        Path cert = dir.resolve("server.crt");
        Path key = dir.resolve("server.key");
        if (Files.exists(cert) && Files.exists(key)) {
            return loadPem(cert, key, "self-signed certificate " + cert);
        }
        return generateSelfSigned(cert, key);
    }

    static TlsMaterial loadPem(Path certFile, Path keyFile, String origin) {
        List<X509Certificate> chain = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(certFile, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
            var converter = new JcaX509CertificateConverter();
            Object o;
            while ((o = p.readObject()) != null) {
                if (o instanceof X509CertificateHolder h) {
                    chain.add(converter.getCertificate(h));
                }
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new BadConfigException("Cannot read TLS certificate " + certFile + ": " + e.getMessage());
        }
        if (chain.isEmpty()) {
            throw new BadConfigException("TLS certificate file " + certFile + " contains no PEM certificate");
        }
        PrivateKey key;
        try (Reader r = Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
            Object o = p.readObject();
            var converter = new JcaPEMKeyConverter();
            key = switch (o) {
                case PEMKeyPair kp -> converter.getPrivateKey(kp.getPrivateKeyInfo());
                case PrivateKeyInfo info -> converter.getPrivateKey(info);
                case null -> throw new BadConfigException("TLS key file " + keyFile + " contains no PEM private key");
                default -> throw new BadConfigException("TLS key file " + keyFile
                        + " must hold an unencrypted PKCS#8 or EC/RSA private key (found " + o.getClass().getSimpleName() + ")");
            };
        } catch (IOException | RuntimeException e) {
            if (e instanceof BadConfigException bce) {
                throw bce;
            }
            throw new BadConfigException("Cannot read TLS key " + keyFile + ": " + e.getMessage());
        }
        return new TlsMaterial(key, List.copyOf(chain), origin);
    }

    private static TlsMaterial generateSelfSigned(Path certFile, Path keyFile) {
        try {
            Files.createDirectories(certFile.getParent());
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair pair = gen.generateKeyPair();
            X509Certificate cert = selfSign(pair, hostNames());
            // PKCS#8 ("BEGIN PRIVATE KEY"): what web servers and openssl expect for any key type.
            writePem(keyFile, new JcaPKCS8Generator(pair.getPrivate(), null), true);
            writePem(certFile, cert, false);
            return new TlsMaterial(pair.getPrivate(), List.of(cert), "self-signed certificate generated at " + certFile);
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new BadConfigException("Cannot create a self-signed certificate in " + certFile.getParent() + ": " + e.getMessage());
        }
    }

    static X509Certificate selfSign(KeyPair pair, Set<String> names) throws GeneralSecurityException, OperatorCreationException, IOException {
        Instant now = Instant.now();
        var subject = new X500Name("CN=ZoomVconnect appliance,O=ZoomVconnect");
        var builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(SELF_SIGNED_VALIDITY)), subject, pair.getPublic());
        List<GeneralName> sans = new ArrayList<>();
        for (String n : names) {
            boolean ip = n.matches("^[0-9.]+$") || n.contains(":");
            sans.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, n));
        }
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    /** localhost, this host's name and every interface address, so LAN users can reach it by any of them. */
    static Set<String> hostNames() {
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        try {
            names.add(InetAddress.getLocalHost().getHostName());
        } catch (IOException e) {
            // No resolvable host name: the addresses below still work.
        }
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    String s = a.getHostAddress();
                    int zone = s.indexOf('%');
                    names.add(zone < 0 ? s : s.substring(0, zone));
                }
            }
        } catch (SocketException e) {
            // Interfaces unavailable: keep what we have.
        }
        return names;
    }

    private static void writePem(Path file, Object object, boolean secret) throws IOException {
        var sw = new StringWriter();
        try (var w = new JcaPEMWriter(sw)) {
            w.writeObject(object);
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (secret) {
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
            }
        }
        Files.writeString(tmp, sw.toString(), StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}

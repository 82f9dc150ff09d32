package com.zoomvconnect.auth.ldap;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * UnboundID's in-memory directory on loopback, speaking real LDAP over LDAPS and over LDAP with
 * StartTLS, with a server certificate from a throw-away CA made here (its PEM in {@link #caFile()}).
 * People under ou=people, groups (groupOfNames) under ou=groups, a service account for searches.
 */
final class TestDirectory implements AutoCloseable {
    static final String BASE = "dc=example,dc=org";
    static final String PEOPLE = "ou=people," + BASE;
    static final String GROUPS = "ou=groups," + BASE;
    static final String SERVICE_DN = "cn=zvc-service," + BASE;
    static final String SERVICE_PASSWORD = "service-secret";

    private static final InetAddress OTHER = other();
    private final InMemoryDirectoryServer server;
    private final Path caFile;

    TestDirectory() throws Exception {
        KeyPair caKey = ecKey();
        X509Certificate ca = certificate("CN=Test LDAP CA", caKey, "CN=Test LDAP CA", caKey.getPublic(), true);
        KeyPair serverKey = ecKey();
        X509Certificate leaf = certificate("CN=Test LDAP CA", caKey, "CN=localhost", serverKey.getPublic(), false);
        caFile = Files.createTempFile("zvc-ldap-ca-", ".pem");
        var pem = new StringWriter();
        try (var w = new JcaPEMWriter(pem)) {
            w.writeObject(ca);
        }
        Files.writeString(caFile, pem.toString());

        SSLContext serverTls = serverContext(serverKey.getPrivate(), leaf, ca);
        var config = new InMemoryDirectoryServerConfig(BASE);
        config.addAdditionalBindCredentials(SERVICE_DN, SERVICE_PASSWORD);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        config.setListenerConfigs(
                InMemoryListenerConfig.createLDAPSConfig("ldaps", loopback, 0, serverTls.getServerSocketFactory(), null),
                InMemoryListenerConfig.createLDAPConfig("ldap", loopback, 0, serverTls.getSocketFactory()),
                // 127.0.0.2 is loopback too, but the certificate does not name it.
                InMemoryListenerConfig.createLDAPSConfig("ldaps-misnamed", OTHER, 0, serverTls.getServerSocketFactory(), null),
                InMemoryListenerConfig.createLDAPConfig("ldap-misnamed", OTHER, 0, serverTls.getSocketFactory()));
        config.setSchema(null); // the standard schema would ask for more attributes than these tests need
        server = new InMemoryDirectoryServer(config);
        server.add("dn: " + BASE, "objectClass: domain", "dc: example");
        server.add("dn: " + PEOPLE, "objectClass: organizationalUnit", "ou: people");
        server.add("dn: " + GROUPS, "objectClass: organizationalUnit", "ou: groups");
        server.add("dn: cn=zvc-admins," + GROUPS, "objectClass: groupOfNames", "cn: zvc-admins", "member: " + SERVICE_DN);
        server.add("dn: cn=staff," + GROUPS, "objectClass: groupOfNames", "cn: staff", "member: " + SERVICE_DN);
        server.startListening();
    }

    void addPerson(String uid, String mail, String name, String password) throws Exception {
        server.add("dn: uid=" + uid + "," + PEOPLE, "objectClass: inetOrgPerson", "uid: " + uid, "cn: " + name,
                "sn: " + name, "displayName: " + name, "mail: " + mail, "userPassword: " + password);
    }

    void addToGroup(String group, String uid) throws LDAPException {
        server.modify("cn=" + group + "," + GROUPS, new Modification(ModificationType.ADD, "member", dn(uid)));
    }

    void removeFromGroup(String group, String uid) throws LDAPException {
        server.modify("cn=" + group + "," + GROUPS, new Modification(ModificationType.DELETE, "member", dn(uid)));
    }

    void setAttribute(String uid, String name, String value) throws LDAPException {
        server.modify(dn(uid), new Modification(ModificationType.REPLACE, name, value));
    }

    /** Renames {@code uid=from} to {@code uid=to} (a new DN; the entry and its entryUUID stay). */
    void rename(String from, String to) throws LDAPException {
        server.modifyDN(dn(from), "uid=" + to, true);
    }

    static String dn(String uid) {
        return "uid=" + uid + "," + PEOPLE;
    }

    String ldapsUrl() {
        return "ldaps://127.0.0.1:" + server.getListenPort("ldaps");
    }

    String startTlsUrl() {
        return "ldap://127.0.0.1:" + server.getListenPort("ldap");
    }

    /** URLs of this server by an address its certificate does not name: LDAPS and StartTLS. */
    String misnamedLdapsUrl() {
        return "ldaps://127.0.0.2:" + server.getListenPort("ldaps-misnamed");
    }

    String misnamedStartTlsUrl() {
        return "ldap://127.0.0.2:" + server.getListenPort("ldap-misnamed");
    }

    private static InetAddress other() {
        try {
            return InetAddress.getByName("127.0.0.2");
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    Path caFile() {
        return caFile;
    }

    @Override
    public void close() throws Exception {
        server.shutDown(true);
        Files.deleteIfExists(caFile);
    }

    private static KeyPair ecKey() throws Exception {
        var g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509Certificate certificate(String issuer, KeyPair issuerKey, String subject, PublicKey key, boolean ca)
            throws Exception {
        Instant now = Instant.now();
        var b = new JcaX509v3CertificateBuilder(new X500Name(issuer), new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), new X500Name(subject), key);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (!ca) {
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        }
        var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(b.build(signer));
    }

    private static SSLContext serverContext(PrivateKey key, X509Certificate leaf, X509Certificate ca) throws Exception {
        char[] pass = "test".toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", key, pass, new Certificate[] {leaf, ca});
        var kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pass);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }
}

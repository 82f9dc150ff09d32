package com.zoomvconnect.auth.saml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.onelogin.saml2.util.Constants;
import com.onelogin.saml2.util.Util;
import com.zoomvconnect.auth.AuthConfig;
import com.zoomvconnect.auth.AuthService;
import com.zoomvconnect.auth.PasswordHasher;
import com.zoomvconnect.auth.RegistrationPolicy;
import com.zoomvconnect.auth.TokenService;
import com.zoomvconnect.auth.TokenSigner;
import com.zoomvconnect.auth.sso.ExternalAccounts;
import com.zoomvconnect.auth.sso.SsoHandoff;
import com.zoomvconnect.error.AppException;
import com.zoomvconnect.error.ErrorCode;
import com.zoomvconnect.store.Database;
import com.zoomvconnect.store.DatabaseConfig;
import com.zoomvconnect.store.SettingsDao;
import com.zoomvconnect.store.UserDao;
import com.zoomvconnect.store.UserRecord;
import com.zoomvconnect.testing.ManualClock;
import com.zoomvconnect.testing.TestAppliance;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.Inflater;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The service provider against responses built and signed here with a test IdP key: a good one signs
 * the person in; each attack or mistake is refused with a readable reason and creates no account.
 */
class SamlLoginTest {
    private static final String BASE = "https://meet.example.test";
    private static final String ACS = BASE + SamlLogin.ACS_PATH;
    private static final String SP = BASE + SamlLogin.METADATA_PATH;
    private static final String IDP = "https://idp.example.test/realms/zvc";

    private final ManualClock clock = new ManualClock(Instant.now());
    private KeyPair idpKey;
    private X509Certificate idpCert;
    private Database db;
    private SamlLogin login;
    private SsoHandoff handoffs;

    @BeforeEach
    void open() throws Exception {
        var g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        idpKey = g.generateKeyPair();
        idpCert = certificate(idpKey);
        db = Database.open(new DatabaseConfig("jdbc:h2:mem:saml-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "", 4));
        var config = new AuthConfig(Duration.ofMinutes(15), Duration.ofDays(30), Duration.ofMinutes(2), 5, 20,
                Duration.ofMinutes(15), TestAppliance.FAST_HASH, RegistrationPolicy.CLOSED);
        var auth = new AuthService(db, new PasswordHasher(config.password()), new TokenService(new TokenSigner(new byte[32]), config, clock),
                config, clock);
        db.jdbi().useHandle(h -> new SettingsDao().put(h, ExternalAccounts.SETTING_ADMIN_GROUPS, "zvc-admins", Instant.now()));
        var settings = new SamlSettings(true, URI.create(IDP + "/protocol/saml/descriptor"), "", "", "Example IdP", "groups",
                Optional.empty());
        handoffs = new SsoHandoff(clock);
        login = new SamlLogin(() -> settings, s -> SamlIdp.parse(s, metadata()), new ExternalAccounts(db, auth, clock)::signIn,
                handoffs, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aSignedResponseToOurRequestSignsThePersonInWithTheMappedRole() throws Exception {
        String code = login.finish(signed(response(requestId(), "_a1", SP, Instant.now())), BASE);
        assertNotNull(handoffs.exchange(code).result().accessToken());
        UserRecord user = db.jdbi().withHandle(h -> new UserDao().findByEmail(h, "ada@example.org")).orElseThrow();
        assertEquals("Ada Lovelace", user.displayName());
        assertEquals(UserRecord.ROLE_ADMIN, user.role(), "member of zvc-admins");
    }

    @Test
    void aSignedAssertionInAnUnsignedResponseIsEnoughAndRepeatedGroupAttributesAreMerged() throws Exception {
        String xml = decode(response(requestId(), "_a1", SP, Instant.now())).replace("</saml:AttributeStatement>",
                "<saml:Attribute Name=\"groups\"><saml:AttributeValue>staff</saml:AttributeValue></saml:Attribute></saml:AttributeStatement>");
        Document doc = Util.loadXML(xml);
        Element assertion = (Element) doc.getElementsByTagNameNS(Constants.NS_SAML, "Assertion").item(0);
        Document signedAssertion = Util.loadXML(Util.addSign(assertion, idpKey.getPrivate(), idpCert, Constants.RSA_SHA256,
                Constants.SHA256));
        doc.getDocumentElement().replaceChild(doc.importNode(signedAssertion.getDocumentElement(), true), assertion);
        login.finish(encode(Util.convertDocumentToString(doc)), BASE);
        UserRecord user = db.jdbi().withHandle(h -> new UserDao().findByEmail(h, "ada@example.org")).orElseThrow();
        assertEquals(UserRecord.ROLE_ADMIN, user.role(), "accepted although the groups attribute is repeated (as Keycloak and ADFS send them)");
    }

    @Test
    void startRedirectsToTheIdpsSingleSignOnServiceWithADeflatedRequest() throws Exception {
        URI to = login.start(BASE);
        assertTrue(to.toString().startsWith("https://idp.example.test/sso?SAMLRequest="), to.toString());
        String xml = authnRequest(to);
        assertTrue(xml.contains("AssertionConsumerServiceURL=\"" + ACS + "\""), xml);
        assertTrue(xml.contains(">" + SP + "</saml:Issuer>"), xml);
    }

    @Test
    void refusesAnUnsignedResponse() throws Exception {
        refused(response(requestId(), "_a1", SP, Instant.now()), "No Signature found");
    }

    @Test
    void refusesASignatureWrappingVariantWithASecondUnsignedAssertion() throws Exception {
        Document doc = Util.loadXML(decode(signed(response(requestId(), "_a1", SP, Instant.now()))));
        // XSW: an attacker's assertion placed before the signed one, hoping the code reads the first.
        Element good = (Element) doc.getElementsByTagNameNS(Constants.NS_SAML, "Assertion").item(0);
        Element evil = (Element) good.cloneNode(true);
        evil.setAttribute("ID", "_evil");
        evil.getElementsByTagNameNS(Constants.NS_SAML, "NameID").item(0).setTextContent("mallory");
        evil.getElementsByTagNameNS(Constants.NS_SAML, "AttributeValue").item(0).setTextContent("mallory@example.org");
        good.getParentNode().insertBefore(evil, good);
        refused(encode(Util.convertDocumentToString(doc)), "");
    }

    @Test
    void refusesASignatureWrappingVariantWithTheSignedResponseMovedAside() throws Exception {
        String id = requestId();
        Document doc = Util.loadXML(decode(signed(response(id, "_a1", SP, Instant.now()))));
        Element original = doc.getDocumentElement();
        // XSW1: a new, unsigned root for mallory; the signed original hidden inside its signature, still verifiable by ID.
        Document evilDoc = Util.loadXML(decode(response(id, "_a2", SP, Instant.now()).replace("ada", "mallory")));
        Element evil = evilDoc.getDocumentElement();
        evil.setAttribute("ID", "_evilresponse");
        Element sig = (Element) evilDoc.importNode(original.getElementsByTagNameNS(Constants.NS_DS, "Signature").item(0), true);
        Element object = evilDoc.createElementNS(Constants.NS_DS, "ds:Object");
        object.appendChild(evilDoc.importNode(original, true));
        sig.appendChild(object);
        evil.insertBefore(sig, evil.getElementsByTagNameNS(Constants.NS_SAMLP, "Status").item(0));
        refused(encode(Util.convertDocumentToString(evilDoc)), "");
    }

    @Test
    void refusesAWrongAudience() throws Exception {
        refused(signed(response(requestId(), "_a1", "https://other.example.test/sp", Instant.now())), "audience");
    }

    @Test
    void refusesAnExpiredAssertion() throws Exception {
        refused(signed(response(requestId(), "_a1", SP, Instant.now().minus(Duration.ofMinutes(30)))), "expired");
    }

    @Test
    void refusesAReplayedAssertionId() throws Exception {
        login.finish(signed(response(requestId(), "_a1", SP, Instant.now())), BASE);
        long before = users();
        var e = assertThrows(AppException.class, () -> login.finish(signed(response(requestId(), "_a1", SP, Instant.now())), BASE));
        assertTrue(e.getMessage().contains("already used"), e.getMessage());
        assertEquals(before, users());
    }

    @Test
    void refusesTheSameResponseTwice() throws Exception {
        String response = signed(response(requestId(), "_a1", SP, Instant.now()));
        login.finish(response, BASE);
        var e = assertThrows(AppException.class, () -> login.finish(response, BASE));
        assertTrue(e.getMessage().contains("already completed"), e.getMessage());
    }

    @Test
    void refusesAnUnknownInResponseTo() throws Exception {
        refused(signed(response("zvc_never_issued", "_a1", SP, Instant.now())), "was not started here");
    }

    @Test
    void refusesAnUnsolicitedResponse() throws Exception {
        refused(signed(response(null, "_a1", SP, Instant.now())), "not started from this server");
    }

    @Test
    void refusesAnXxePayload() throws Exception {
        String xml = decode(response(requestId(), "_a1", SP, Instant.now()));
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + xml.replace(">ada@example.org<", ">&x;<");
        refused(encode(xxe), "could not be read");
    }

    @Test
    void refusesAResponseSignedByAnotherKey() throws Exception {
        var g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair other = g.generateKeyPair();
        String xml = Util.addSign(Util.loadXML(decode(response(requestId(), "_a1", SP, Instant.now()))), other.getPrivate(),
                certificate(other), Constants.RSA_SHA256, Constants.SHA256);
        refused(encode(xml), "Signature validation failed");
    }

    @Test
    void theSpMetadataNamesTheAcsUrlAndEntityId() {
        String xml = login.metadata(BASE);
        assertTrue(xml.contains("entityID=\"" + SP + "\""), xml);
        assertTrue(xml.contains("Location=\"" + ACS + "\""), xml);
    }

    private void refused(String samlResponse, String reason) {
        var e = assertThrows(AppException.class, () -> login.finish(samlResponse, BASE));
        assertEquals(ErrorCode.SSO_FAILED, e.errorCode());
        assertTrue(e.getMessage().startsWith("Sign-in with the identity provider failed: "), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertEquals(0, users(), "nothing created");
    }

    private long users() {
        return db.jdbi().withHandle(h -> new UserDao().count(h));
    }

    /** Starts a sign-in and answers the ID of the AuthnRequest it sent. */
    private String requestId() throws Exception {
        String xml = authnRequest(login.start(BASE));
        int i = xml.indexOf(" ID=\"") + 5;
        return xml.substring(i, xml.indexOf('"', i));
    }

    private static String authnRequest(URI redirect) throws Exception {
        String q = redirect.getRawQuery();
        byte[] deflated = Base64.getDecoder().decode(URLDecoder.decode(q.substring(q.indexOf('=') + 1), StandardCharsets.UTF_8));
        var inflater = new Inflater(true);
        inflater.setInput(deflated);
        var out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (!inflater.finished()) {
            out.write(buf, 0, inflater.inflate(buf));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A base64 Response for Ada issued at {@code at}, valid for five minutes, not yet signed. */
    private static String response(String inResponseTo, String assertionId, String audience, Instant at) {
        String irt = inResponseTo == null ? "" : " InResponseTo=\"" + inResponseTo + "\"";
        String xml = "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\""
                + " ID=\"_r" + UUID.randomUUID() + "\" Version=\"2.0\" IssueInstant=\"" + at + "\" Destination=\"" + ACS + "\"" + irt + ">"
                + "<saml:Issuer>" + IDP + "</saml:Issuer>"
                + "<samlp:Status><samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/></samlp:Status>"
                + "<saml:Assertion ID=\"" + assertionId + "\" Version=\"2.0\" IssueInstant=\"" + at + "\">"
                + "<saml:Issuer>" + IDP + "</saml:Issuer>"
                + "<saml:Subject><saml:NameID Format=\"urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified\">ada</saml:NameID>"
                + "<saml:SubjectConfirmation Method=\"urn:oasis:names:tc:SAML:2.0:cm:bearer\"><saml:SubjectConfirmationData" + irt
                + " NotOnOrAfter=\"" + at.plus(Duration.ofMinutes(5)) + "\" Recipient=\"" + ACS + "\"/></saml:SubjectConfirmation></saml:Subject>"
                + "<saml:Conditions NotBefore=\"" + at.minus(Duration.ofMinutes(1)) + "\" NotOnOrAfter=\"" + at.plus(Duration.ofMinutes(5)) + "\">"
                + "<saml:AudienceRestriction><saml:Audience>" + audience + "</saml:Audience></saml:AudienceRestriction></saml:Conditions>"
                + "<saml:AuthnStatement AuthnInstant=\"" + at + "\" SessionIndex=\"s1\"><saml:AuthnContext><saml:AuthnContextClassRef>"
                + "urn:oasis:names:tc:SAML:2.0:ac:classes:Password</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>"
                + "<saml:AttributeStatement>"
                + "<saml:Attribute Name=\"email\"><saml:AttributeValue>ada@example.org</saml:AttributeValue></saml:Attribute>"
                + "<saml:Attribute Name=\"firstName\"><saml:AttributeValue>Ada</saml:AttributeValue></saml:Attribute>"
                + "<saml:Attribute Name=\"lastName\"><saml:AttributeValue>Lovelace</saml:AttributeValue></saml:Attribute>"
                + "<saml:Attribute Name=\"groups\"><saml:AttributeValue>zvc-admins</saml:AttributeValue></saml:Attribute>"
                + "</saml:AttributeStatement></saml:Assertion></samlp:Response>";
        return encode(xml);
    }

    /** The response signed as a whole with the IdP's key (enveloped signature after the Issuer). */
    private String signed(String base64) throws Exception {
        return encode(Util.addSign(Util.loadXML(decode(base64)), idpKey.getPrivate(), idpCert, Constants.RSA_SHA256, Constants.SHA256));
    }

    private String metadata() {
        String cert;
        try {
            cert = Base64.getEncoder().encodeToString(idpCert.getEncoded());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"" + IDP + "\">"
                + "<md:IDPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
                + "<md:KeyDescriptor use=\"signing\"><ds:KeyInfo xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><ds:X509Data>"
                + "<ds:X509Certificate>" + cert + "</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
                + "<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\" Location=\"https://idp.example.test/sso\"/>"
                + "</md:IDPSSODescriptor></md:EntityDescriptor>";
    }

    private static String encode(String xml) {
        return Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    private static X509Certificate certificate(KeyPair key) throws Exception {
        Instant now = Instant.now();
        var b = new JcaX509v3CertificateBuilder(new X500Name("CN=Test IdP"), new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), new X500Name("CN=Test IdP"),
                key.getPublic());
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(key.getPrivate())));
    }
}

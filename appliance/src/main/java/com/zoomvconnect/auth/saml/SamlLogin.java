package com.zoomvconnect.auth.saml;

import com.onelogin.saml2.authn.AuthnRequest;
import com.onelogin.saml2.authn.SamlResponse;
import com.onelogin.saml2.http.HttpRequest;
import com.onelogin.saml2.settings.Saml2Settings;
import com.onelogin.saml2.settings.SettingsBuilder;
import com.onelogin.saml2.util.Constants;
import com.zoomvconnect.auth.AuthResult;
import com.zoomvconnect.auth.sso.ExternalIdentity;
import com.zoomvconnect.auth.sso.Provider;
import com.zoomvconnect.auth.sso.SsoHandoff;
import com.zoomvconnect.error.AppException;
import com.zoomvconnect.error.ErrorCode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in with SAML 2.0 as a service provider (SAML Profiles §4.1, Web Browser SSO): an AuthnRequest
 * sent with the HTTP-Redirect binding and its ID kept server-side, the Response received at the
 * assertion consumer service with the HTTP-POST binding and validated by OneLogin's java-saml in strict
 * mode (signature of the Response or Assertion against the IdP metadata's certificate, audience,
 * Destination/Recipient, NotBefore/NotOnOrAfter with java-saml's 3-minute skew, a secure XML parser
 * without DTDs); then {@code InResponseTo} taken once and the assertion ID remembered until it expires
 * (replay). The local account and hand-off code are the same as OpenID Connect's. Thread-safe.
 */
public final class SamlLogin {
    private static final Logger LOG = LoggerFactory.getLogger(SamlLogin.class);
    /** Paths under the public base URL; stable, since the IdP is configured with them. */
    public static final String ACS_PATH = "/api/v1/auth/saml/acs";
    public static final String METADATA_PATH = "/api/v1/auth/saml/metadata";
    /** Time a person may spend on the IdP's pages before the sign-in must start again. */
    static final Duration PENDING_LIFETIME = Duration.ofMinutes(10);
    /** java-saml's allowed clock drift ({@code Constants.ALOWED_CLOCK_DRIFT}), kept for the replay window too. */
    static final Duration SKEW = Duration.ofSeconds(180);
    private static final Duration REFETCH_AFTER = Duration.ofHours(1);
    private static final List<String> EMAIL_ATTRIBUTES = List.of("email", "mail", "emailAddress",
            "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress", "urn:oid:0.9.2342.19200300.100.1.3");
    private static final List<String> NAME_ATTRIBUTES = List.of("displayName", "name",
            "http://schemas.microsoft.com/identity/claims/displayname", "urn:oid:2.16.840.1.113730.3.1.241");
    private static final List<String> GIVEN_NAME_ATTRIBUTES = List.of("firstName", "givenName",
            "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname", "urn:oid:2.5.4.42");
    private static final List<String> SURNAME_ATTRIBUTES = List.of("lastName", "surname", "sn",
            "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname", "urn:oid:2.5.4.4");

    private record Fetched(SamlSettings settings, Map<String, Object> idp, Instant at) {
    }

    private final Supplier<SamlSettings> settings;
    private final Function<SamlSettings, Map<String, Object>> fetchIdp;
    private final Function<ExternalIdentity, AuthResult> signIn;
    private final SsoHandoff handoffs;
    private final Clock clock;
    private final SeenIds requests;
    private final SeenIds assertions;
    private volatile Fetched fetched;

    /**
     * @param settings the current settings (read on every sign-in, so changes apply at once)
     * @param signIn   the local account for a vouched-for identity, with its tokens (JIT provisioning, roles)
     * @param handoffs the one-time codes the web client trades for the tokens (shared with OpenID Connect)
     */
    public SamlLogin(Supplier<SamlSettings> settings, Function<ExternalIdentity, AuthResult> signIn, SsoHandoff handoffs,
                     Clock clock) {
        this(settings, SamlIdp::fetch, signIn, handoffs, clock);
    }

    SamlLogin(Supplier<SamlSettings> settings, Function<SamlSettings, Map<String, Object>> fetchIdp,
              Function<ExternalIdentity, AuthResult> signIn, SsoHandoff handoffs, Clock clock) {
        this.settings = settings;
        this.fetchIdp = fetchIdp;
        this.signIn = signIn;
        this.handoffs = handoffs;
        this.clock = clock;
        this.requests = new SeenIds(10_000, clock);
        this.assertions = new SeenIds(100_000, clock);
    }

    /** The button text ("Sign in with …") when SAML is enabled, for the sign-in page. */
    public Optional<String> buttonName() {
        SamlSettings s = settings.get();
        return s.enabled() ? Optional.of(s.displayName()) : Optional.empty();
    }

    /** Where to send the browser to sign in (HTTP-Redirect binding, SAML Bindings §3.4); {@code base} is this appliance's URL. */
    public URI start(String base) {
        SamlSettings s = settings.get().requireUsable();
        Saml2Settings saml = saml2(s, base, idp(s));
        var request = new AuthnRequest(saml);
        if (!requests.add(request.getId(), clock.instant().plus(PENDING_LIFETIME))) {
            throw new AppException(ErrorCode.RATE_LIMITED, "Too many sign-ins in progress; try again shortly", Duration.ofSeconds(30));
        }
        String encoded;
        try {
            encoded = request.getEncodedAuthnRequest(); // DEFLATE + base64, as the Redirect binding wants
        } catch (IOException e) {
            throw new AppException(ErrorCode.SSO_FAILED, "The SAML request could not be encoded");
        }
        String sso = saml.getIdpSingleSignOnServiceUrl().toString();
        return URI.create(sso + (sso.contains("?") ? "&" : "?") + "SAMLRequest=" + URLEncoder.encode(encoded, StandardCharsets.UTF_8));
    }

    /**
     * Completes a sign-in from the IdP's POST to the assertion consumer service.
     *
     * @param samlResponse the base64 {@code SAMLResponse} form field
     * @param base         this appliance's public URL (the ACS URL the response must be addressed to)
     * @return the one-time code the web client exchanges for the tokens
     */
    public String finish(String samlResponse, String base) {
        if (samlResponse == null || samlResponse.isBlank()) {
            throw refused("the identity provider sent no SAML response", "no SAMLResponse");
        }
        SamlSettings s = settings.get().requireUsable();
        Saml2Settings saml = saml2(s, base, idp(s));
        SamlResponse response;
        String inResponseTo;
        try {
            response = new SamlResponse(saml, new HttpRequest(base + ACS_PATH, Map.of("SAMLResponse", List.of(samlResponse)), ""));
            inResponseTo = SamlXml.inResponseTo(response.getSAMLResponseXml());
        } catch (Exception e) { // java-saml reports unreadable XML, DTDs and entities as exceptions of several kinds
            throw refused("its response could not be read", "unreadable response: " + e.getMessage());
        }
        // IdP-initiated (unsolicited) responses are refused: only an answer to a request of ours is a login.
        if (inResponseTo == null) {
            throw refused("it was not started from this server; please start again", "no InResponseTo");
        }
        if (!response.isValid(inResponseTo)) {
            throw refused("its response was not accepted (" + response.getError() + ")", "invalid: " + response.getError());
        }
        if (!requests.take(inResponseTo)) {
            throw refused("this sign-in has expired, was already completed or was not started here; please start again",
                    "unknown or replayed InResponseTo " + inResponseTo);
        }
        AuthResult result;
        try {
            String assertionId = response.getAssertionId();
            Instant until = response.getAssertionNotOnOrAfter().stream()
                    .map(t -> Instant.ofEpochMilli(t.getMillis())).max(Instant::compareTo)
                    .orElse(clock.instant().plus(PENDING_LIFETIME)).plus(SKEW);
            if (assertionId == null || !assertions.add(assertionId, until)) {
                throw refused("this response was already used; please start again", "replayed assertion " + assertionId);
            }
            result = signIn.apply(identity(s, response.getNameId(), response.getAttributes()));
        } catch (AppException e) {
            throw e;
        } catch (Exception e) {
            throw refused("its assertion could not be read", "assertion: " + e.getMessage());
        }
        return handoffs.put(result);
    }

    /** This service provider's metadata (SAML Metadata §2.4.4): entity ID and ACS URL, for the IdP's administrator. */
    public String metadata(String base) {
        try {
            return saml2(settings.get(), base, Map.of()).getSPMetadata();
        } catch (Exception e) {
            throw new AppException(ErrorCode.SSO_FAILED, "The SAML metadata could not be made: " + e.getMessage());
        }
    }

    private static ExternalIdentity identity(SamlSettings s, String nameId, Map<String, List<String>> attributes) {
        if (nameId == null || nameId.isBlank()) {
            throw refused("its assertion names no subject", "no NameID");
        }
        String email = first(attributes, EMAIL_ATTRIBUTES).orElse(nameId.contains("@") ? nameId : null);
        String name = first(attributes, NAME_ATTRIBUTES).orElseGet(() -> {
            String full = (first(attributes, GIVEN_NAME_ATTRIBUTES).orElse("") + " "
                    + first(attributes, SURNAME_ATTRIBUTES).orElse("")).strip();
            return full.isEmpty() ? null : full;
        });
        var groups = new LinkedHashSet<String>();
        for (String g : attributes.getOrDefault(s.groupsAttribute(), List.of())) {
            groups.add(g.replaceFirst("^/", "")); // Keycloak's full group paths
        }
        return new ExternalIdentity(Provider.SAML, nameId, email, name, Set.copyOf(groups));
    }

    private static Optional<String> first(Map<String, List<String>> attributes, List<String> names) {
        return names.stream().map(attributes::get).filter(v -> v != null && !v.isEmpty() && !v.get(0).isBlank())
                .map(v -> v.get(0).strip()).findFirst();
    }

    /** java-saml's settings for this sign-in: strict, signatures required, our SP, the IdP from its metadata. */
    static Saml2Settings saml2(SamlSettings s, String base, Map<String, Object> idp) {
        Map<String, Object> v = new HashMap<>();
        v.put(SettingsBuilder.STRICT_PROPERTY_KEY, true);
        v.put(SettingsBuilder.SP_ENTITYID_PROPERTY_KEY, s.spEntityId(base + METADATA_PATH));
        v.put(SettingsBuilder.SP_ASSERTION_CONSUMER_SERVICE_URL_PROPERTY_KEY, base + ACS_PATH);
        v.put(SettingsBuilder.SP_ASSERTION_CONSUMER_SERVICE_BINDING_PROPERTY_KEY, Constants.BINDING_HTTP_POST);
        v.put(SettingsBuilder.SP_NAMEIDFORMAT_PROPERTY_KEY, Constants.NAMEID_UNSPECIFIED);
        v.put(SettingsBuilder.SECURITY_WANT_XML_VALIDATION, true);
        v.put(SettingsBuilder.SECURITY_REJECT_DEPRECATED_ALGORITHM, true);
        v.put(SettingsBuilder.SECURITY_WANT_NAMEID, true);
        v.put(SettingsBuilder.SECURITY_REJECT_UNSOLICITED_RESPONSES_WITH_INRESPONSETO, true);
        v.put(SettingsBuilder.UNIQUE_ID_PREFIX_PROPERTY_KEY, "zvc_");
        // Keycloak sends one Role attribute per role and ADFS may repeat a group claim: their values are merged.
        v.put(SettingsBuilder.SECURITY_ALLOW_REPEAT_ATTRIBUTE_NAME_PROPERTY_KEY, true);
        v.putAll(idp);
        return new SettingsBuilder().fromValues(v).build();
    }

    private Map<String, Object> idp(SamlSettings s) {
        Fetched f = fetched;
        if (f == null || !f.settings().equals(s) || f.at().plus(REFETCH_AFTER).isBefore(clock.instant())) {
            f = new Fetched(s, fetchIdp.apply(s), clock.instant());
            fetched = f;
        }
        return f.idp();
    }

    static AppException refused(String message, String logged) {
        LOG.info("SAML sign-in refused: {}", logged);
        return new AppException(ErrorCode.SSO_FAILED, "Sign-in with the identity provider failed: " + message);
    }
}

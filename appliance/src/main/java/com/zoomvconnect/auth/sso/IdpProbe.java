package com.zoomvconnect.auth.sso;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The network half of {@code zvc-admin sso test}: can the appliance reach an identity provider's HTTPS
 * URL, step by step (DNS, TCP, the TLS certificate's trust, then its host name), and is its clock close to
 * the provider's. Each step adds a {@link Check} with the reason in plain words; nothing is thrown.
 * Uses the same trust as sign-in ({@link IdpTls}: the JDK's authorities plus {@code caFile}).
 */
public final class IdpProbe {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String provider;
    private final Optional<Path> caFile;
    private final String caSetting;
    private final Clock clock;
    private final List<Check> checks;

    /** @param checks where the outcomes go, in order */
    public IdpProbe(String provider, Optional<Path> caFile, String caSetting, Clock clock, List<Check> checks) {
        this.provider = provider;
        this.caFile = caFile;
        this.caSetting = caSetting;
        this.clock = clock;
        this.checks = checks;
    }

    /** DNS, TCP and TLS toward the host of {@code url}; true when all of them passed. */
    public boolean reach(URI url) {
        String host = url.getHost();
        int port = url.getPort() > 0 ? url.getPort() : 443;
        InetAddress address;
        try {
            address = InetAddress.getAllByName(host)[0];
            checks.add(Check.pass(provider, "DNS", host + " resolves to " + address.getHostAddress()));
        } catch (UnknownHostException e) {
            checks.add(Check.fail(provider, "DNS", "the host name " + host + " does not resolve (DNS): check the spelling, "
                    + "or the appliance's DNS servers"));
            return false;
        }
        var target = new InetSocketAddress(address, port);
        try (var s = new Socket()) {
            s.connect(target, (int) TIMEOUT.toMillis());
            checks.add(Check.pass(provider, "Connection", "connected to " + host + ":" + port));
        } catch (IOException e) {
            checks.add(Check.fail(provider, "Connection", "cannot connect to " + host + ":" + port + ": " + explain(e)));
            return false;
        }
        return tls(host, target);
    }

    /** The certificate is fetched first without trusting it, so a refusal can say whose certificate it was. */
    private boolean tls(String host, InetSocketAddress target) {
        X509Certificate[] chain;
        try {
            var seen = new Recording();
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {seen}, null);
            handshake(ctx, host, target, false);
            chain = seen.chain;
        } catch (IOException | GeneralSecurityException e) {
            checks.add(Check.fail(provider, "TLS", "no TLS handshake with " + host + ":" + target.getPort() + ": " + explain(e)
                    + " (is it an https:// port?)"));
            return false;
        }
        X509Certificate leaf = chain[0];
        try {
            handshake(IdpTls.context(caFile, caSetting), host, target, false);
        } catch (IOException | RuntimeException e) {
            checks.add(Check.fail(provider, "TLS certificate", untrusted(leaf, chain, e)));
            return false;
        }
        try {
            handshake(IdpTls.context(caFile, caSetting), host, target, true);
        } catch (IOException | RuntimeException e) {
            checks.add(Check.fail(provider, "TLS certificate", "the certificate is for " + names(leaf) + ", not for " + host
                    + ": use a host name the certificate names, or have the IdP's certificate name " + host));
            return false;
        }
        Duration left = Duration.between(clock.instant(), leaf.getNotAfter().toInstant());
        if (left.toDays() < 14) {
            checks.add(Check.warn(provider, "TLS certificate", "trusted and names " + host + ", but expires in "
                    + left.toDays() + " days (" + leaf.getNotAfter().toInstant() + ")"));
        } else {
            checks.add(Check.pass(provider, "TLS certificate", "trusted, names " + host + ", valid until "
                    + leaf.getNotAfter().toInstant()));
        }
        return true;
    }

    private String untrusted(X509Certificate leaf, X509Certificate[] chain, Exception e) {
        Instant now = clock.instant();
        if (leaf.getNotAfter().toInstant().isBefore(now)) {
            return "the certificate of " + leaf.getSubjectX500Principal().getName() + " expired on " + leaf.getNotAfter().toInstant();
        }
        if (leaf.getNotBefore().toInstant().isAfter(now)) {
            return "the certificate of " + leaf.getSubjectX500Principal().getName() + " is not valid before "
                    + leaf.getNotBefore().toInstant() + " (is the appliance's clock right?)";
        }
        X509Certificate top = chain[chain.length - 1];
        String who = top.getSubjectX500Principal().equals(top.getIssuerX500Principal())
                ? "it is self-signed (" + top.getSubjectX500Principal().getName() + ")"
                : "it is issued by " + top.getIssuerX500Principal().getName();
        return "the certificate is not trusted: " + who + ", which the appliance does not trust; put that CA's certificate "
                + "(PEM) in a file and set " + caSetting + (caFile.isPresent() ? " (now " + caFile.get() + ")" : "")
                + " [" + explain(e) + "]";
    }

    private static void handshake(SSLContext ctx, String host, InetSocketAddress target, boolean checkName)
            throws IOException {
        try (var plain = new Socket()) {
            plain.connect(target, (int) TIMEOUT.toMillis());
            plain.setSoTimeout((int) TIMEOUT.toMillis());
            try (var s = (SSLSocket) ctx.getSocketFactory().createSocket(plain, host, target.getPort(), false)) {
                var p = s.getSSLParameters();
                p.setEndpointIdentificationAlgorithm(checkName ? "HTTPS" : null);
                s.setSSLParameters(p);
                s.startHandshake();
            }
        }
    }

    /**
     * GETs {@code url} (redirects not followed) with the sign-in trust; a failure becomes a check named
     * {@code name} and an empty answer.
     */
    public Optional<HttpResponse<String>> get(String name, URI url) {
        return get(name, url, null);
    }

    private Optional<HttpResponse<String>> get(String name, URI url, Instant[] sent) {
        try {
            var client = HttpClient.newBuilder().sslContext(IdpTls.context(caFile, caSetting)).connectTimeout(TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NEVER).build();
            if (sent != null) {
                sent[0] = clock.instant();
            }
            return Optional.of(client.send(HttpRequest.newBuilder(url).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString()));
        } catch (IOException | RuntimeException e) {
            checks.add(Check.fail(provider, name, "GET " + url + " failed: " + explain(e)));
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            checks.add(Check.fail(provider, name, "interrupted"));
            return Optional.empty();
        }
    }

    /**
     * GETs {@code url} and compares the appliance's clock with the provider's {@code Date} header (RFC 9110
     * §6.6.1); {@code allowed} is the drift the token or assertion checks tolerate.
     */
    public Optional<HttpResponse<String>> getAndCompareClocks(String name, URI url, Duration allowed) {
        Instant[] sent = new Instant[1];
        var res = get(name, url, sent);
        if (res.isEmpty()) {
            return res;
        }
        Instant received = clock.instant();
        Optional<String> date = res.get().headers().firstValue("Date");
        if (date.isEmpty()) {
            checks.add(Check.warn(provider, "Clock", "the IdP sent no Date header, so the clocks could not be compared"));
            return res;
        }
        Instant theirs;
        try {
            theirs = ZonedDateTime.parse(date.get(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            checks.add(Check.warn(provider, "Clock", "the IdP's Date header '" + date.get() + "' is not a date"));
            return res;
        }
        Instant ours = sent[0].plus(Duration.between(sent[0], received).dividedBy(2));
        long skew = Duration.between(theirs, ours).toSeconds(); // positive: ours is ahead
        String how = skew == 0 ? "agrees with the IdP's clock (to the second)"
                : "is " + Math.abs(skew) + " s " + (skew > 0 ? "ahead of" : "behind") + " the IdP's";
        if (Math.abs(skew) > allowed.toSeconds()) {
            checks.add(Check.fail(provider, "Clock", "the appliance's clock " + how + "; sign-ins tolerate "
                    + allowed.toSeconds() + " s: set up NTP (timedatectl set-ntp true) on the appliance or the IdP"));
        } else {
            checks.add(Check.pass(provider, "Clock", "the appliance's clock " + how + " (tolerated: " + allowed.toSeconds() + " s)"));
        }
        return res;
    }

    /** A failure to reach or talk to a server, in plain words (for LDAP too). */
    public static String explain(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return "the host name does not resolve (DNS)";
            }
            if (t instanceof ConnectException) {
                return "connection refused: nothing listens on that port (wrong port, or the service is down)";
            }
            if (t instanceof NoRouteToHostException) {
                return "no route to the host (network or firewall)";
            }
            if (t instanceof SocketTimeoutException || t instanceof HttpTimeoutException) {
                return "no answer within " + TIMEOUT.toSeconds() + " s (a firewall dropping packets, or the wrong address)";
            }
            if (t instanceof CertificateExpiredException) {
                return "the server's certificate has expired";
            }
            if (t instanceof CertificateNotYetValidException) {
                return "the server's certificate is not valid yet (check the clocks)";
            }
            if (t instanceof SSLHandshakeException && String.valueOf(t.getMessage()).contains("PKIX")) {
                return "the server's certificate is not signed by a certificate authority the appliance trusts";
            }
            if (t instanceof SSLHandshakeException && String.valueOf(t.getMessage()).contains("subject alternative")) {
                return "the server's certificate does not name this host";
            }
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    /** The DNS names and addresses a certificate is valid for (its subject alternative names, or its subject). */
    static String names(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        try {
            if (cert.getSubjectAlternativeNames() != null) {
                for (List<?> san : cert.getSubjectAlternativeNames()) {
                    if (san.get(0) instanceof Integer type && (type == 2 || type == 7)) {
                        names.add(String.valueOf(san.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // fall back to the subject
        }
        return names.isEmpty() ? cert.getSubjectX500Principal().getName() : String.join(", ", names);
    }

    /** Trusts any chain and keeps it: only to name the certificate in a refusal, never for a request. */
    private static final class Recording implements X509TrustManager {
        X509Certificate[] chain = new X509Certificate[0];

        @Override
        public void checkServerTrusted(X509Certificate[] c, String authType) {
            chain = Arrays.copyOf(c, c.length);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] c, String authType) throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("not a server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}

package com.zoomvconnect.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zoomvconnect.app.Appliance;
import com.zoomvconnect.testing.ApiClient;
import com.zoomvconnect.testing.BrowserTest;
import com.zoomvconnect.testing.TestAppliance;
import com.zoomvconnect.testing.browser.Browsers;
import com.zoomvconnect.testing.browser.CdpPage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Issue 17's "installable": Chromium's own installability check passes on the home page (web app
 * manifest, icons, service worker); the icons are real PNGs of the sizes the manifest states, in
 * the brand colour; with the server out of reach, the installed app opens the offline page
 * instead of a browser error, in the user's language, and the API is never answered from the worker's cache.
 */
class InstallableAppTest implements BrowserTest {
    private static final Duration T = Duration.ofSeconds(30);

    @Test
    void chromiumCanInstallItAndItOpensOffline() throws Exception {
        // A browser of its own: Chromium offers no install in a context (Browsers' default), as in incognito.
        try (Appliance appliance = TestAppliance.startH2(); Browsers browsers = new Browsers("installable").ownProcesses()) {
            String base = "https://localhost:" + appliance.httpsPort();
            CdpPage page = browsers.open(base + "/");
            page.waitFor("navigator.serviceWorker.ready.then((r) => !!r.active)", T);
            page.waitFor("!!navigator.serviceWorker.controller || (location.reload(), false)", T); // controlled from the next load

            JsonNode manifest = page.appManifest();
            assertEquals(base + "/manifest.webmanifest", manifest.path("url").asText());
            assertEquals(0, manifest.path("errors").size(), "manifest errors: " + manifest.path("errors"));
            assertEquals(List.of(), page.installabilityErrors(), "Chromium would offer to install the app");

            // The icons are what the manifest says they are, drawn in the brand colour.
            JsonNode parsed = new ObjectMapper().readTree(get(base + "/manifest.webmanifest").body());
            assertEquals("ZoomVconnect", parsed.path("name").asText());
            assertEquals("standalone", parsed.path("display").asText());
            for (JsonNode icon : parsed.path("icons")) {
                HttpResponse<byte[]> png = getBytes(base + icon.path("src").asText());
                assertEquals("image/png", png.headers().firstValue("content-type").orElse(""));
                BufferedImage img = ImageIO.read(new ByteArrayInputStream(png.body()));
                assertEquals(icon.path("sizes").asText(), img.getWidth() + "x" + img.getHeight());
                assertEquals(0x2463eb, img.getRGB(img.getWidth() / 10, img.getHeight() / 2) & 0xFFFFFF, "the brand colour at the left edge");
            }

            // The server out of reach (stopped): a page of the app opens the offline page from the worker,
            // not a browser error page; the API fails as the network does, never answered from a cache.
            appliance.close();
            page.navigate(base + "/recordings", T);
            page.waitFor("document.querySelector('h1')?.textContent === 'You are offline'", T);
            assertEquals("failed", page.evaluate("fetch('/api/v1/branding').then(() => 'answered', () => 'failed')").asText(),
                    "the API is not answered from a cache");
            // A German user offline still reads German: the catalogue comes from the worker's cache too.
            page.evaluate("localStorage.setItem('zvc.language', 'de'), true");
            page.navigate(base + "/", T);
            page.waitFor("document.documentElement.lang === 'de' && document.querySelector('h1')?.textContent === 'Sie sind offline'"
                    + " && document.querySelector('#offline-retry').textContent === 'Erneut versuchen'", T);
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return client().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<byte[]> getBytes(String url) throws Exception {
        return client().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The test appliance's self-signed certificate is trusted as the browsers here trust it. */
    private static HttpClient client() {
        var noHostnameCheck = new javax.net.ssl.SSLParameters();
        noHostnameCheck.setEndpointIdentificationAlgorithm(null);
        return HttpClient.newBuilder().sslContext(ApiClient.trustAll()).sslParameters(noHostnameCheck).build();
    }
}

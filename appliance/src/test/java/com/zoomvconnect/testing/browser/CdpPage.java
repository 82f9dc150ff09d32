package com.zoomvconnect.testing.browser;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** One browser tab driven over the Chrome DevTools Protocol (flattened target session). */
public final class CdpPage implements BrowserPage {
    private final ProtocolSocket socket;
    private final List<String> console = new ArrayList<>();
    private volatile String sessionId;
    private volatile String targetId;
    private volatile CompletableFuture<Void> loaded = new CompletableFuture<>();

    private CdpPage(String browserWsUrl) {
        this.socket = new ProtocolSocket(browserWsUrl, this::onEvent);
    }

    /**
     * A new tab in browser context {@code contextId} (null: the browser's default one). A context's tab
     * gets a window of its own, 1280×800 as a browser of its own would, and is told it has the focus
     * (only one window of a browser has it really).
     */
    static CdpPage open(String browserWsUrl, String contextId, String url, Duration timeout) {
        var page = new CdpPage(browserWsUrl);
        Map<String, Object> target = contextId == null ? Map.of("url", "about:blank")
                : Map.of("url", "about:blank", "browserContextId", contextId, "newWindow", true, "width", 1280, "height", 800);
        JsonNode created = page.call(null, "Target.createTarget", target);
        page.targetId = created.path("targetId").asText();
        JsonNode attached = page.call(null, "Target.attachToTarget", Map.of("targetId", page.targetId, "flatten", true));
        page.sessionId = attached.path("sessionId").asText();
        page.call("Page.enable", Map.of());
        page.call("Runtime.enable", Map.of());
        if (contextId != null) {
            page.call("Emulation.setFocusEmulationEnabled", Map.of("enabled", true));
        }
        // RNNoise (on by default for people) costs every test browser CPU the suite does not have on
        // two cores: off unless a test turns it on (BackgroundEffectsBrowserTest does, and checks it).
        page.addScriptOnNewDocument("try { if (localStorage.getItem('zvc.noiseSuppression') === null) "
                + "localStorage.setItem('zvc.noiseSuppression', 'off'); } catch (e) {}");
        page.navigate(url, timeout);
        return page;
    }

    public void navigate(String url, Duration timeout) {
        loaded = new CompletableFuture<>();
        call("Page.navigate", Map.of("url", url));
        try {
            loaded.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("page did not load: " + url, e);
        }
    }

    /** Runs {@code source} in every document this tab loads from now on, before the page's own scripts. */
    public void addScriptOnNewDocument(String source) {
        call("Page.addScriptToEvaluateOnNewDocument", Map.of("source", source));
    }

    @Override
    public JsonNode evaluate(String expression) {
        JsonNode r = call("Runtime.evaluate", Map.of("expression", expression, "awaitPromise", true,
                "returnByValue", true, "userGesture", true));
        if (r.has("exceptionDetails")) {
            JsonNode d = r.path("exceptionDetails");
            String text = d.path("exception").path("description").asText(d.path("text").asText());
            throw new IllegalStateException("JavaScript failed: " + text);
        }
        return r.path("result").path("value");
    }

    @Override
    public List<String> consoleLog() {
        synchronized (console) {
            return List.copyOf(console);
        }
    }

    /** Emulates a phone screen (width × height CSS pixels, touch, mobile viewport). */
    public void emulatePhone(int width, int height) {
        setViewport(width, height, true);
    }

    /**
     * Sets the viewport to width × height CSS pixels: a phone ({@code mobile}: touch, device scale 2,
     * mobile viewport) or a desktop window (scale 1, mouse).
     */
    public void setViewport(int width, int height, boolean mobile) {
        call("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", mobile ? 2 : 1,
                "mobile", mobile));
        call("Emulation.setTouchEmulationEnabled", Map.of("enabled", mobile));
    }

    /** A finger tapping the screen at (x, y) CSS pixels (touch emulation on: see {@link #setViewport}). */
    public void tap(double x, double y) {
        List<Map<String, Object>> at = List.of(Map.of("x", x, "y", y));
        call("Input.dispatchTouchEvent", Map.of("type", "touchStart", "touchPoints", at));
        call("Input.dispatchTouchEvent", Map.of("type", "touchEnd", "touchPoints", List.of()));
    }

    /**
     * Presses and releases one key as a keyboard would (trusted events, so Tab moves the focus
     * and Enter activates buttons): {@code key} as in KeyboardEvent.key ("Tab", "Enter", "m"),
     * with {@code shift}.
     */
    public void pressKey(String key, boolean shift) {
        record Code(String code, int keyCode, String text) {
        }
        Code c = switch (key) {
            case "Tab" -> new Code("Tab", 9, null);
            case "Enter" -> new Code("Enter", 13, "\r");
            case "Escape" -> new Code("Escape", 27, null);
            case " " -> new Code("Space", 32, " ");
            case "ArrowDown" -> new Code("ArrowDown", 40, null);
            case "ArrowUp" -> new Code("ArrowUp", 38, null);
            default -> new Code("Key" + key.toUpperCase(), key.toUpperCase().charAt(0), key);
        };
        var down = new java.util.HashMap<String, Object>(Map.of("type", c.text() == null ? "rawKeyDown" : "keyDown", "key", key,
                "code", c.code(), "windowsVirtualKeyCode", c.keyCode(), "modifiers", shift ? 8 : 0));
        if (c.text() != null) {
            down.put("text", c.text());
        }
        call("Input.dispatchKeyEvent", down);
        call("Input.dispatchKeyEvent", Map.of("type", "keyUp", "key", key, "code", c.code(), "windowsVirtualKeyCode", c.keyCode(),
                "modifiers", shift ? 8 : 0));
    }

    /** Makes the page see {@code timezoneId} (an IANA name) as the system time zone. */
    public void setTimeZone(String timezoneId) {
        call("Emulation.setTimezoneOverride", Map.of("timezoneId", timezoneId));
    }

    /** Makes the page see {@code scheme} ("light" or "dark") as the system's colour scheme (prefers-color-scheme). */
    public void setColorScheme(String scheme) {
        call("Emulation.setEmulatedMedia", Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
    }

    /** Why Chromium would not offer to install this page as an app (empty: installable). */
    public List<String> installabilityErrors() {
        List<String> out = new ArrayList<>();
        call("Page.getInstallabilityErrors", Map.of()).path("installabilityErrors")
                .forEach(e -> out.add(e.path("errorId").asText() + " " + e.path("errorArguments")));
        return out;
    }

    /** The web app manifest Chromium parsed for this page: its URL, its errors and the parsed fields. */
    public JsonNode appManifest() {
        return call("Page.getAppManifest", Map.of());
    }

    /** The page's accessibility tree as Chromium computes it for screen readers (its nodes). */
    public JsonNode accessibilityTree() {
        return call("Accessibility.getFullAXTree", Map.of()).path("nodes");
    }

    @Override
    public void screenshot(Path png) throws IOException {
        JsonNode r = call("Page.captureScreenshot", Map.of("format", "png"));
        Files.write(png, Base64.getDecoder().decode(r.path("data").asText()));
    }

    /** Sends a DevTools Protocol command to this tab (e.g. HeapProfiler.collectGarbage) and returns its result. */
    public JsonNode call(String method, Map<String, Object> params) {
        return call(sessionId, method, params);
    }

    private JsonNode call(String session, String method, Map<String, Object> params) {
        JsonNode r = socket.call(session, method, params);
        if (r.has("error")) {
            throw new IllegalStateException(method + " failed: " + r.path("error"));
        }
        return r.path("result");
    }

    private void onEvent(JsonNode m) {
        JsonNode p = m.path("params");
        switch (m.path("method").asText()) {
            case "Page.loadEventFired" -> loaded.complete(null);
            case "Runtime.consoleAPICalled" -> {
                var sb = new StringBuilder(p.path("type").asText()).append(':');
                p.path("args").forEach(a -> sb.append(' ').append(a.has("value") ? a.path("value").asText() : a.path("description").asText()));
                synchronized (console) {
                    console.add(sb.toString());
                }
            }
            case "Runtime.exceptionThrown" -> {
                synchronized (console) {
                    console.add("exception: " + p.path("exceptionDetails").path("exception").path("description").asText(
                            p.path("exceptionDetails").path("text").asText()));
                }
            }
            default -> {
            }
        }
    }

    /** Closes only the DevTools connection, for a browser already gone (no tab to close). */
    public void disconnect() {
        socket.close();
    }

    @Override
    public void close() {
        try {
            if (targetId != null) {
                call(null, "Target.closeTarget", Map.of("targetId", targetId));
            }
        } catch (RuntimeException e) {
            // browser may be gone
        }
        socket.close();
    }
}

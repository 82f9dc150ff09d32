package com.zoomvconnect.testing.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The Chromium browsers a test opens, one page each. Closing saves every page's screenshot and
 * console log as build artifacts ({@code target/browser-artifacts/<name>-<i>.png/.log}), then
 * closes pages and browsers.
 */
public final class Browsers implements AutoCloseable {
    private final String name;
    private final List<Chromium> browsers = new ArrayList<>();
    private final List<CdpPage> pages = new ArrayList<>();
    private final Deque<CdpPage> blank = new ArrayDeque<>();

    public Browsers(String name) {
        this.name = name;
    }

    /** Where screenshots and logs go (created). */
    public static Path artifacts() {
        Path dir = Path.of("target", "browser-artifacts");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /**
     * Starts {@code count} Chromiums showing about:blank, which the next {@code open(url)} calls
     * without flags navigate instead of starting their own. A Chromium starts in 2–3 s on an idle
     * two-core machine, but in 30 s and more beside four pages already in a call (measured with
     * five pages: all joined 53 s after the first start rather than 88–138 s): a test with many
     * pages starts them all before the first joins. {@code flags} add to every one's defaults.
     */
    public Browsers prelaunch(int count, String... flags) {
        for (int i = 0; i < count; i++) {
            Chromium c = Chromium.launch(flags);
            browsers.add(c);
            blank.add(c.newPage("about:blank"));
        }
        return this;
    }

    /** A new Chromium with {@code flags} (or one {@link #prelaunch started} before, if none), showing {@code url}. */
    public CdpPage open(String url, String... flags) {
        if (flags.length == 0 && !blank.isEmpty()) {
            CdpPage page = blank.poll();
            pages.add(page);
            page.navigate(url, Duration.ofSeconds(30));
            return page;
        }
        Chromium c = Chromium.launch(flags);
        browsers.add(c);
        CdpPage page = c.newPage(url);
        pages.add(page);
        return page;
    }

    /** A page of {@code browser}, launched elsewhere (e.g. in a network namespace) and closed with the others. */
    public CdpPage open(Chromium browser, String url) {
        browsers.add(browser);
        CdpPage page = browser.newPage(url);
        pages.add(page);
        return page;
    }

    @Override
    public void close() throws IOException {
        Path dir = artifacts();
        for (int i = 0; i < pages.size(); i++) {
            try {
                pages.get(i).screenshot(dir.resolve(name + "-" + i + ".png"));
                Files.write(dir.resolve(name + "-" + i + ".log"), pages.get(i).consoleLog());
            } catch (RuntimeException e) {
                // page already gone
            }
        }
        // The browsers go first, all at once: closing tab by tab made every page still in a call
        // renegotiate for each one that left (seconds each on a busy machine), for nothing.
        browsers.forEach(Chromium::close);
        pages.forEach(CdpPage::disconnect);
        blank.forEach(CdpPage::disconnect);
    }
}

package com.zoomvconnect.testing.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

    /** A new Chromium with {@code flags}, showing {@code url}. */
    public CdpPage open(String url, String... flags) {
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
            pages.get(i).close();
        }
        browsers.forEach(Chromium::close);
    }
}

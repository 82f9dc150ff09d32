package com.zoomvconnect.app;

import com.zoomvconnect.store.StoreException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** Entry point: {@code java -jar zoomvconnect.jar [--config FILE]}. */
public final class Main {
    static final int EXIT_CONFIG = 2;
    static final int EXIT_START = 1;

    private Main() {
    }

    public static void main(String[] args) {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        Path configFile = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config", "-c" -> {
                    if (i + 1 >= args.length) {
                        fail(EXIT_CONFIG, "--config needs a file path");
                    }
                    configFile = Path.of(args[++i]);
                }
                case "--help", "-h" -> {
                    usage(System.out);
                    return;
                }
                case "--version" -> {
                    System.out.println("ZoomVconnect " + version());
                    return;
                }
                default -> {
                    usage(System.err);
                    fail(EXIT_CONFIG, "Unknown argument: " + args[i]);
                }
            }
        }
        AppConfig config;
        try {
            config = ConfigLoader.load(configFile, System.getenv());
        } catch (BadConfigException e) {
            fail(EXIT_CONFIG, e.getMessage());
            return;
        }
        Logger log = LoggerFactory.getLogger(Main.class);
        Appliance appliance;
        try {
            appliance = Appliance.start(config);
        } catch (BadConfigException | StoreException e) {
            fail(EXIT_START, e.getMessage());
            return;
        }
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Shutting down");
            appliance.close();
            stopped.countDown();
        }, "zvc-shutdown"));
        log.info("ZoomVconnect {} started (configuration: {}, data: {})", version(), config.source(), config.dataDir());
        printWelcome(appliance);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void printWelcome(Appliance appliance) {
        String host = appliance.config().server().publicUrl();
        if (host.isBlank()) {
            String name = "localhost";
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                // keep localhost
            }
            host = "https://" + name + ":" + appliance.httpsPort();
        }
        var out = System.out;
        out.println();
        out.println("  ZoomVconnect is running:  " + host + "/   (also https://localhost:" + appliance.httpsPort() + "/)");
        out.println("  API documentation:        " + host + "/api/docs");
        if (appliance.authService().userCount() == 0) {
            out.println("  First start: no accounts yet. The first account registered on the sign-in page becomes the");
            out.println("  administrator (or create one with: zvc-admin users add --admin EMAIL).");
        } else {
            out.println("  Sign in with your account; administrators manage users with zvc-admin.");
        }
        out.println("  The certificate is self-signed unless tls.cert/tls.key are configured: accept it in the browser once.");
        out.println();
        out.flush();
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    private static void usage(PrintStream out) {
        out.println("Usage: java -jar zoomvconnect.jar [--config FILE] [--version] [--help]");
        out.println("  --config FILE  YAML configuration (default /etc/zoomvconnect/zoomvconnect.yaml if present)");
        out.println("Environment variables ZVC_<KEY> override the file, e.g. ZVC_SERVER_PORT=443, ZVC_DATABASE_URL=...");
    }

    private static void fail(int code, String message) {
        System.err.println("zoomvconnect: " + message);
        System.exit(code);
    }
}

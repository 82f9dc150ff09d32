package com.zoomvconnect.app;

import com.zoomvconnect.auth.AuthConfig;
import com.zoomvconnect.signal.SignalLimits;
import com.zoomvconnect.store.DatabaseConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The whole validated configuration, built once at start-up by {@link ConfigLoader}.
 *
 * @param dataDir  where H2, certificates, secrets and recordings live
 * @param server   listeners
 * @param tls      the admin's own certificate, or empty for the generated self-signed one
 * @param database storage
 * @param auth     tokens and login limits
 * @param media    the media plane's UDP/TCP port and announced addresses
 * @param source   where the configuration came from (for the start-up log)
 * @param signaling what one participant may send per second on the signaling socket
 */
public record AppConfig(Path dataDir, Server server, Optional<TlsFiles> tls, DatabaseConfig database, AuthConfig auth,
                        Media media, String source, Recording recording, SignalLimits signaling) {

    public AppConfig(Path dataDir, Server server, Optional<TlsFiles> tls, DatabaseConfig database, AuthConfig auth,
                     Media media, String source, Recording recording) {
        this(dataDir, server, tls, database, auth, media, source, recording, SignalLimits.DEFAULTS);
    }

    public AppConfig(Path dataDir, Server server, Optional<TlsFiles> tls, DatabaseConfig database, AuthConfig auth,
                     Media media, String source) {
        this(dataDir, server, tls, database, auth, media, source, Recording.DEFAULTS);
    }

    /**
     * Recording settings.
     *
     * @param minFreeMb     recording refuses to start with less free disk than this, and stops at half of it
     * @param quotaGb       all recordings together may use this much (0 = no limit)
     * @param retentionDays recordings are deleted this many days after they were made (0 = kept)
     * @param transcription auto (Vosk when a model is installed, else pocketsphinx), vosk, pocketsphinx or off
     * @param compose       render one MP4 per recording with ffmpeg when it is installed
     * @param layout        speaker (whoever talks fills the frame) or grid
     */
    public record Recording(int minFreeMb, int quotaGb, int retentionDays, String transcription, boolean compose,
                            String layout) {
        public static final Recording DEFAULTS = new Recording(2048, 0, 0, "auto", true, "speaker");
    }

    /**
     * @param host          bind address
     * @param httpsPort     HTTPS port (0 = any free port, for tests)
     * @param redirectPort  plain HTTP port that redirects to HTTPS; -1 disables it
     * @param publicUrl     external base URL for links; blank derives it from the request
     * @param shutdownGrace how long in-flight requests may finish on shutdown
     */
    public record Server(String host, int httpsPort, int redirectPort, String publicUrl, Duration shutdownGrace) {
    }

    /** PEM files of the admin's own certificate chain and private key. */
    public record TlsFiles(Path certificate, Path privateKey) {
    }

    /**
     * Media plane settings; the SFU uses one UDP port (and the same TCP port) for every peer.
     *
     * @param consentTimeout a peer that sends no ICE check and no authenticated SRTP/SRTCP for this long is gone (RFC 7675)
     * @param lastN          camera videos forwarded to each subscriber, most recent speakers first (0 = all)
     * @param audioLastN     in rooms larger than this, only this many loudest microphones are forwarded (0 = all)
     */
    public record Media(int port, List<String> announcedAddresses, Duration consentTimeout, int lastN, int audioLastN) {
    }
}

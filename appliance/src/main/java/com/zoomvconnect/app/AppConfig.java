package com.zoomvconnect.app;

import com.zoomvconnect.auth.AuthConfig;
import com.zoomvconnect.cluster.ClusterConfig;
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
 * @param turn     the built-in TURN server
 * @param maxParticipants how many may be in one meeting at once, hosts and co-hosts aside (0: no limit)
 * @param cluster  whether this appliance is one node of several ({@link ClusterConfig#DISABLED} for a single site)
 */
public record AppConfig(Path dataDir, Server server, Optional<TlsFiles> tls, DatabaseConfig database, AuthConfig auth,
                        Media media, String source, Recording recording, SignalLimits signaling, Turn turn,
                        int maxParticipants, ClusterConfig cluster) {

    public AppConfig {
        // Nodes share meetings, leases and events through the database: an embedded file is one node's alone.
        if (cluster.enabled() && !database.isPostgres()) {
            throw new BadConfigException("cluster.enabled needs PostgreSQL for data (database.url = jdbc:postgresql://...): "
                    + "the nodes of a cluster share one database, and the embedded H2 file belongs to one process");
        }
    }

    public AppConfig(Path dataDir, Server server, Optional<TlsFiles> tls, DatabaseConfig database, AuthConfig auth,
                     Media media, String source, Recording recording, SignalLimits signaling, Turn turn,
                     int maxParticipants) {
        this(dataDir, server, tls, database, auth, media, source, recording, signaling, turn, maxParticipants,
                ClusterConfig.DISABLED);
    }

    /** The same configuration as one node of a cluster. */
    public AppConfig withCluster(ClusterConfig c) {
        return new AppConfig(dataDir, server, tls, database, auth, media, source, recording, signaling, turn, maxParticipants, c);
    }

    public AppConfig(Path dataDir, Server server, Optional<TlsFiles> tls, DatabaseConfig database, AuthConfig auth,
                     Media media, String source, Recording recording, SignalLimits signaling, Turn turn) {
        this(dataDir, server, tls, database, auth, media, source, recording, signaling, turn, 0);
    }

    /** Without a {@code turn} section: TURN runs on any free UDP port (tests start many appliances at once). */
    public AppConfig(Path dataDir, Server server, Optional<TlsFiles> tls, DatabaseConfig database, AuthConfig auth,
                     Media media, String source, Recording recording, SignalLimits signaling) {
        this(dataDir, server, tls, database, auth, media, source, recording, signaling, Turn.DEFAULTS.onPort(0));
    }

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
     * @param workers        threads receiving and forwarding on the media port (0 = one per available core)
     * @param sendBatch      the workers send a fan-out's copies in batches (Netty epoll, sendmmsg); NIO where epoll is unavailable
     */
    public record Media(int port, List<String> announcedAddresses, Duration consentTimeout, int lastN, int audioLastN,
                        int workers, boolean sendBatch) {
        /** {@code media.sendbatch} unless configured: batched sends cost a quarter less CPU per copy (docs/performance.md). */
        public static final boolean DEFAULT_SEND_BATCH = true;

        /** Media settings with one worker per available core and the default send mode. */
        public Media(int port, List<String> announcedAddresses, Duration consentTimeout, int lastN, int audioLastN) {
            this(port, announcedAddresses, consentTimeout, lastN, audioLastN, 0, DEFAULT_SEND_BATCH);
        }
    }

    /**
     * The built-in TURN server (RFC 8656), for clients whose network blocks the media port.
     *
     * @param enabled            whether it runs (and the welcome offers it)
     * @param port               its UDP port (0 = any free port, for tests)
     * @param realm              REALM of the long-term credentials (RFC 8489 §9.2)
     * @param secret             shared secret that signs the short-lived credentials; blank = generated once and kept in the data directory
     * @param credentialLifetime how long a credential handed out with the welcome stays valid (Refresh checks it again)
     * @param relayAddress       interface address relay sockets bind to; blank = the server host, or the first media address
     * @param relayAllowed       peers a relay may reach (addresses or CIDR ranges); empty = only the SFU's own media addresses
     */
    public record Turn(boolean enabled, int port, String realm, String secret, Duration credentialLifetime,
                       String relayAddress, List<String> relayAllowed) {
        public static final Turn DEFAULTS = new Turn(true, 3478, "zoomvconnect", "", Duration.ofHours(12), "", List.of());

        public Turn {
            relayAllowed = List.copyOf(relayAllowed);
        }

        public Turn onPort(int p) {
            return new Turn(enabled, p, realm, secret, credentialLifetime, relayAddress, relayAllowed);
        }

        public Turn allowing(List<String> ranges) {
            return new Turn(enabled, port, realm, secret, credentialLifetime, relayAddress, ranges);
        }

        @Override
        public String toString() {
            return "Turn[enabled=" + enabled + ", port=" + port + ", realm=" + realm + ", secret=" + (secret.isBlank() ? "generated" : "***")
                    + ", credentialLifetime=" + credentialLifetime + ", relayAddress=" + relayAddress + ", relayAllowed=" + relayAllowed + "]";
        }
    }
}

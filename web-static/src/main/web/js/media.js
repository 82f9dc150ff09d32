// The two peer connections with the SFU: one the client offers to publish, one the server
// offers to deliver everyone else's tracks, so renegotiation never collides (docs/signaling.md).
const PC_CONFIG = { iceServers: [], bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' };

/**
 * The configuration of both connections: the TURN servers from the welcome (credentials minted for
 * this participant), gathered alongside host candidates so ICE still prefers a direct path;
 * 'relay' (?transport=relay or the stored setting) allows nothing but the relay, for support cases;
 * 'relay-tls' nothing but the relay reached over TLS on the HTTPS port (what a network that lets
 * only TCP 443 out leaves), to check that path from a network that has more.
 */
export function pcConfig(iceServers, transport) {
  const servers = transport === 'relay-tls'
    ? (iceServers ?? []).map((s) => ({ ...s, urls: [].concat(s.urls).filter((u) => u.startsWith('turns:')) })).filter((s) => s.urls.length)
    : iceServers ?? [];
  const relayOnly = transport === 'relay' || transport === 'relay-tls';
  return { ...PC_CONFIG, iceServers: servers, iceTransportPolicy: relayOnly ? 'relay' : 'all' };
}

/**
 * Camera simulcast: three encodings, lowest first (the SFU forwards one per viewer, by tile size
 * and bandwidth). Three temporal layers each, so frame rate can step down before resolution.
 */
export const SIMULCAST = [
  { rid: 'q', scaleResolutionDownBy: 4, maxBitrate: 150_000 },
  { rid: 'h', scaleResolutionDownBy: 2, maxBitrate: 500_000 },
  { rid: 'f', scaleResolutionDownBy: 1, maxBitrate: 1_500_000 },
];

function addSender(pc, track, stream, simulcast) {
  const init = { direction: 'sendonly', streams: [stream] };
  if (!simulcast) return pc.addTransceiver(track, init);
  try {
    return pc.addTransceiver(track, { ...init, sendEncodings: SIMULCAST.map((e) => ({ ...e, scalabilityMode: 'L1T3' })) });
  } catch {
    // Browsers without scalabilityMode in sendEncodings still simulcast.
    return pc.addTransceiver(track, { ...init, sendEncodings: SIMULCAST.map((e) => ({ ...e })) });
  }
}

/**
 * Keeps only the server's candidates of one transport: 'tcp' forces ICE-TCP (for networks that
 * drop UDP), 'udp' forbids it; anything else (including 'relay') keeps all. Like Jitsi's webrtcIceUdpDisable.
 */
export function filterCandidates(sdp, transport) {
  if (transport !== 'tcp' && transport !== 'udp') return sdp;
  const drop = transport === 'tcp' ? ' udp ' : ' tcp ';
  return sdp.split('\r\n').filter((l) => !(l.startsWith('a=candidate:') && l.toLowerCase().includes(drop))).join('\r\n');
}

export class MediaSession extends EventTarget {
  constructor(signal, options = {}) {
    super();
    this.iceTransport = options.iceTransport ?? 'all';
    this.config = pcConfig(options.iceServers, this.iceTransport);
    // End-to-end encryption (e2ee/session.js): every sender and receiver gets a frame transform.
    this.e2ee = options.e2ee ?? null;
    if (this.e2ee && options.encodedStreams) this.config.encodedInsertableStreams = true;
    this.publisher = null;
    this.subscriber = new RTCPeerConnection(this.config);
    this.downTracks = new Map(); // mid -> {participantId, trackId, kind, source, streamId}
    this.remote = new Map(); // mid -> {info, track}: the remote tracks now received, for a room that takes this session over
    this.subscriber.ontrack = (e) => this.onRemoteTrack(e);
    this.subscriber.onconnectionstatechange = () => this.emit('state', { pc: 'subscribe', state: this.subscriber.connectionState });
    this.negotiating = Promise.resolve();
    this.bind(signal);
  }

  /**
   * Negotiates over {@code signal} from now on: a session resumed on a new socket keeps its peer
   * connections (welcome.mediaKept) and only restarts ICE ({@link #restartIce}).
   */
  bind(signal) {
    this.unbind?.abort();
    this.unbind = new AbortController();
    this.signal = signal;
    signal.addEventListener('subscribeOffer', (e) => this.onSubscribeOffer(e.detail, signal).catch((err) => this.emit('failure', err)),
      { signal: this.unbind.signal });
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  /** Adds local tracks [{track, source, simulcast}] to the publish connection and (re)negotiates it. */
  async publish(stream, sources) {
    if (!this.publisher) {
      this.publisher = new RTCPeerConnection(this.config);
      this.publisher.onconnectionstatechange = () => this.emit('state', { pc: 'publish', state: this.publisher.connectionState });
      // Which local addresses this browser found, when (room/network.js logs them): after a network change the new one may come late.
      this.publisher.onicecandidate = (e) => { if (e.candidate?.type === 'host') this.emit('candidate', { pc: 'publish', address: e.candidate.address }); };
      this.sources = new Map(); // transceiver -> source
    }
    const added = [];
    for (const { track, source, simulcast } of sources) {
      const tr = addSender(this.publisher, track, stream, simulcast && track.kind === 'video');
      this.e2ee?.attachSender(tr.sender, track.kind);
      this.sources.set(tr, source);
      added.push(tr);
    }
    await this.renegotiate();
    return added;
  }

  /**
   * ICE restart on both connections, for a new network: new candidates and credentials, the same
   * DTLS association and SRTP keys. The server offers the subscribe connection's restart.
   */
  async restartIce({ subscribe = true } = {}) {
    if (subscribe && this.subscriber.remoteDescription) this.signal.send({ type: 'iceRestart' });
    if (this.publisher) {
      this.publisher.restartIce();
      await this.renegotiate();
    }
  }

  /** Stops sending on these transceivers (their m-lines become inactive) and renegotiates. */
  async unpublish(transceivers) {
    this.stopSending(transceivers);
    await this.renegotiate();
  }

  /** Stops sending on these transceivers; the next negotiation makes their m-lines inactive. */
  stopSending(transceivers) {
    for (const tr of transceivers) {
      tr.sender.track?.stop();
      tr.direction = 'inactive';
      this.sources.delete(tr);
    }
  }

  /** Swaps the track of a sending transceiver (device switch) without renegotiation. */
  async replace(source, track) {
    for (const [tr, src] of this.sources) {
      if (src === source) await tr.sender.replaceTrack(track);
    }
  }

  async renegotiate() {
    // One negotiation at a time; one that failed (its socket died) does not stop the next.
    this.publishing = (this.publishing ?? Promise.resolve()).catch(() => {}).then(async () => {
      const pc = this.publisher;
      const { signal } = this;
      // An answer awaited on a socket that is already gone would never come.
      if (signal.ws?.readyState !== WebSocket.OPEN) throw new Error('signaling socket closed');
      const offer = await pc.createOffer();
      await pc.setLocalDescription(offer);
      const tracks = [];
      for (const [tr, source] of this.sources) if (tr.mid) tracks.push({ mid: tr.mid, source });
      const answered = signal.next('publishAnswer');
      signal.send({ type: 'publishOffer', sdp: pc.localDescription.sdp, tracks });
      const answer = await answered;
      await pc.setRemoteDescription({ type: 'answer', sdp: filterCandidates(answer.sdp, this.iceTransport) });
      this.watchPath(pc, 'publish');
      return answer.tracks;
    });
    return this.publishing;
  }

  /** Applies a subscribe offer and answers it on the socket it came by (a resumed session's server expects no answer to an offer it sent before). */
  async onSubscribeOffer(msg, signal = this.signal) {
    // Offers are applied one at a time, in order.
    this.negotiating = this.negotiating.catch(() => {}).then(async () => {
      for (const t of msg.tracks) {
        // The SFU reuses an inactive m-line for a new track (docs/protocol.md): the old one ended in an
        // earlier offer. Were it re-targeted while live, its old track still ends here, before the new one starts.
        const before = this.downTracks.get(t.mid);
        if (before && before.trackId !== t.trackId) this.ended(t.mid, before);
        this.downTracks.set(t.mid, t);
      }
      await this.subscriber.setRemoteDescription({ type: 'offer', sdp: filterCandidates(msg.sdp, this.iceTransport) });
      const answer = await this.subscriber.createAnswer();
      await this.subscriber.setLocalDescription(answer);
      this.watchPath(this.subscriber, 'subscribe');
      signal.send({ type: 'subscribeAnswer', sdp: this.subscriber.localDescription.sdp });
      // m-lines no longer offered (inactive) end their tracks.
      for (const tr of this.subscriber.getTransceivers()) {
        if (tr.currentDirection === 'inactive' && this.downTracks.has(tr.mid)) this.ended(tr.mid, this.downTracks.get(tr.mid));
      }
    });
    return this.negotiating;
  }

  ended(mid, info) {
    this.downTracks.delete(mid);
    this.remote.delete(mid);
    this.emit('remotetrackended', { info });
  }

  /**
   * Reports each change of a connection's selected candidate pair as a 'path' event (room/network.js
   * logs it): after a network change it says when the browser moved to its new address.
   */
  watchPath(pc, name) {
    const ice = (pc.getSenders()[0] ?? pc.getReceivers()[0])?.transport?.iceTransport;
    this.paths ??= new Map();
    if (!ice || this.paths.get(name) === ice) return;
    this.paths.set(name, ice);
    ice.addEventListener('selectedcandidatepairchange', () => {
      const pair = ice.getSelectedCandidatePair();
      this.emit('path', { pc: name, local: pair?.local?.address, remote: pair?.remote?.address });
    });
  }

  onRemoteTrack(e) {
    const mid = e.transceiver.mid;
    const info = this.downTracks.get(mid);
    if (!info) return;
    // A reused m-line brings the same receiver (and track object) for another participant: its decryption follows.
    this.e2ee?.attachReceiver(e.receiver, e.track.kind, info.participantId);
    this.remote.set(mid, { info, track: e.track });
    this.emit('remotetrack', { info, track: e.track });
  }

  /** Per remote track: what the subscribe connection receives and decodes (used by tests and the quality badge). */
  async remoteStats() {
    const stats = await this.subscriber.getStats();
    const out = [];
    stats.forEach((s) => {
      if (s.type !== 'inbound-rtp') return;
      const info = this.downTracks.get(s.mid) ?? {};
      out.push({
        mid: s.mid, ssrc: s.ssrc, kind: s.kind, participantId: info.participantId, source: info.source,
        packetsReceived: s.packetsReceived ?? 0, packetsLost: s.packetsLost ?? 0, bytesReceived: s.bytesReceived ?? 0,
        framesDecoded: s.framesDecoded ?? 0, frameWidth: s.frameWidth ?? 0, frameHeight: s.frameHeight ?? 0,
        framesPerSecond: s.framesPerSecond ?? 0, framesDropped: s.framesDropped ?? 0,
        pliCount: s.pliCount ?? 0, totalFreezesDuration: s.totalFreezesDuration ?? 0,
        totalSamplesReceived: s.totalSamplesReceived ?? 0, audioLevel: s.audioLevel ?? 0, totalAudioEnergy: s.totalAudioEnergy ?? 0,
        jitter: s.jitter ?? 0,
        freezeCount: s.freezeCount ?? 0,
      });
    });
    return out;
  }

  /** What the publish connection sends per encoding (simulcast layers by rid). */
  async localStats() {
    if (!this.publisher) return [];
    const stats = await this.publisher.getStats();
    const out = [];
    stats.forEach((s) => {
      if (s.type === 'candidate-pair' && s.nominated && s.availableOutgoingBitrate !== undefined) {
        out.push({ kind: 'transport', availableOutgoingBitrate: s.availableOutgoingBitrate });
      }
      if (s.type !== 'outbound-rtp') return;
      out.push({
        kind: s.kind, rid: s.rid ?? null, ssrc: s.ssrc, active: s.active ?? true, bytesSent: s.bytesSent ?? 0,
        framesEncoded: s.framesEncoded ?? 0, frameWidth: s.frameWidth ?? 0, frameHeight: s.frameHeight ?? 0,
        framesPerSecond: s.framesPerSecond ?? 0, qualityLimitationReason: s.qualityLimitationReason ?? 'none',
        scalabilityMode: s.scalabilityMode ?? null,
      });
    });
    return out;
  }

  close() {
    this.unbind.abort();
    this.publisher?.close();
    this.subscriber.close();
  }
}

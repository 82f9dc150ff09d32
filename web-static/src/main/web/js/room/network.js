// Network changes: Wi-Fi to cable, a VPN going up or down, a laptop waking up. When a connection
// to the SFU loses its path, or the browser reports another network, the signaling socket is
// asked for a pong: if it answers, both connections restart ICE (same session, same DTLS and
// SRTP: media resumes as soon as a new path is checked); if not, the socket died with the old
// network and is given up at once, and the room resumes its session over a new one (app.js).

/** How long the socket has to answer a ping before it counts as gone with the old network. */
const PROBE_MS = 1000;

/** Watches {@code media}'s connections and the browser's network for the room's lifetime. */
export function watchNetwork(room, media, signal, lifetime) {
  let busy = false;
  const recover = async () => {
    if (busy || lifetime.aborted || room.state !== 'joined') return;
    busy = true;
    try {
      if (await signal.probe(PROBE_MS)) await media.restartIce();
      else signal.abandon();
    } catch {
      // A failed restart leaves the connection failed: the next state change tries again.
    } finally {
      busy = false;
    }
  };
  media.addEventListener('state', (e) => {
    if (e.detail.state === 'disconnected' || e.detail.state === 'failed') recover();
  }, { signal: lifetime });
  navigator.connection?.addEventListener('change', recover, { signal: lifetime });
  window.addEventListener('online', recover, { signal: lifetime });
}

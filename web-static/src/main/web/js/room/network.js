// Network changes: Wi-Fi to cable, a VPN going up or down, a laptop waking up. When a connection
// to the SFU loses its path, or the browser reports another network, the signaling socket is
// asked for a pong: if it answers, both connections restart ICE (same session, same DTLS and
// SRTP: media resumes as soon as a new path is checked); if not, the socket died with the old
// network and is given up at once, and the room resumes its session over a new one (app.js).

/**
 * How long the socket has to answer a ping before it counts as gone with the old network: four
 * measured round trips, but at least {@code PROBE_MIN_MS} and at most {@code PROBE_MS}. A pong
 * that comes later than this only costs a resume (about a second more) instead of an ICE restart.
 */
const PROBE_MS = 1000;
const PROBE_MIN_MS = 500;

/**
 * What happened when during the page's lobby, join and last network changes, for tests and
 * support (window.zvc.network, and window.zvcNetwork before there is a room): {at: Date.now(),
 * what} of the last 60 steps, kept across rejoins.
 */
export const networkLog = [];

/** Notes one step of a network change in {@link networkLog}. */
export function mark(what) {
  networkLog.push({ at: Date.now(), what });
  if (networkLog.length > 60) networkLog.shift();
}

/** Watches {@code media}'s connections and the browser's network for the room's lifetime. */
export function watchNetwork(room, media, signal, lifetime) {
  let busy = false;
  const recover = async (cause) => {
    mark(`change: ${cause}`);
    if (busy || lifetime.aborted || room.state !== 'joined') return;
    busy = true;
    try {
      const alive = await signal.probe(PROBE_MS, PROBE_MIN_MS);
      mark(alive ? 'socket answered: ICE restart' : 'socket silent: resume');
      if (alive) await media.restartIce();
      else signal.abandon();
    } catch {
      // A failed restart leaves the connection failed: the next state change tries again.
    } finally {
      busy = false;
    }
  };
  media.addEventListener('state', (e) => {
    const { pc, state } = e.detail;
    if (state === 'disconnected' || state === 'failed') recover(`${pc} ${state}`);
    else mark(`${pc} ${state}`);
  }, { signal: lifetime });
  navigator.connection?.addEventListener('change', () => recover('navigator.connection'), { signal: lifetime });
  window.addEventListener('online', () => recover('online'), { signal: lifetime });
}

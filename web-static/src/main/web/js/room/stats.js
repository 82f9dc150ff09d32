// Each remote participant's connection quality, from the subscribe connection's stats every
// second (the active speaker comes from the server, not from here).
import { every } from './lifetime.js';

/** Writes {@code quality} (participant id -> good | fair | poor) into the store every second. */
export function watchQuality(media, store, lifetime) {
  let last = new Map();
  every(1000, () => {
    media.remoteStats().then((stats) => {
      if (lifetime.aborted) return;
      const now = perParticipant(stats);
      store.set({ quality: qualities(last, now) });
      last = now;
    }).catch(() => {});
  }, lifetime);
}

function perParticipant(stats) {
  const out = new Map();
  for (const s of stats) {
    if (!s.participantId) continue;
    const q = out.get(s.participantId) ?? { lost: 0, received: 0, jitter: 0 };
    q.lost += s.packetsLost;
    q.received += s.packetsReceived;
    q.jitter = Math.max(q.jitter, s.jitter);
    out.set(s.participantId, q);
  }
  return out;
}

/** Loss over the last second above 8 % or jitter above 100 ms is poor; above 2 % or 40 ms fair. */
function qualities(prev, now) {
  const out = new Map();
  for (const [id, q] of now) {
    const p = prev.get(id) ?? { lost: 0, received: 0 };
    const lost = q.lost - p.lost;
    const total = lost + q.received - p.received;
    const ratio = total > 0 ? lost / total : 0;
    out.set(id, ratio > 0.08 || q.jitter > 0.1 ? 'poor' : ratio > 0.02 || q.jitter > 0.04 ? 'fair' : 'good');
  }
  return out;
}

// What the room tells everyone in it: the recording indicator, and the cards shown instead of
// the meeting while waiting, reconnecting or after it ended.
import { el } from './dom.js';

/** The red "Recording" dot: everyone sees that the meeting is recorded, as in Zoom. */
export function recordingBanner(store, lifetime) {
  const badge = el('div', { id: 'recording-indicator', class: 'recording-indicator', role: 'status', 'aria-live': 'polite', hidden: true },
    el('span', { class: 'rec-dot', 'aria-hidden': 'true' }), 'Recording');
  const render = (s) => {
    const rec = !!s.recording?.active;
    badge.hidden = !rec;
    badge.title = rec ? `Recording started by ${s.recording.startedBy ?? 'the host'}` : '';
  };
  store.subscribe((s, changed) => { if (changed.has('recording')) render(s); }, lifetime);
  render(store.state);
  return badge;
}

/** A status card (a live region) with a heading and a line of text or an element. */
export function statusCard(title, body) {
  return el('div', { class: 'card', role: 'status' }, el('h1', {}, title), el('p', {}, body));
}

/** The waiting room: the meeting's title, your own preview and a way out. */
export function waitingCard({ title, stream, leave }) {
  const preview = el('video', { autoplay: true, playsinline: true, muted: true, 'aria-label': 'Your camera preview', class: 'preview' });
  preview.muted = true;
  preview.srcObject = stream ?? null;
  return el('div', { class: 'card waiting', id: 'waiting-card' },
    title ? el('p', { class: 'muted', id: 'waiting-title' }, title) : null,
    el('div', { role: 'status' }, el('h1', {}, 'Waiting for the host'), el('p', {}, 'The host will let you in soon.')),
    stream?.getVideoTracks().length ? preview : null,
    el('div', { class: 'row' }, el('button', { type: 'button', id: 'waiting-leave', class: 'danger', onclick: leave }, 'Leave')));
}
export const reconnectingCard = () => statusCard('Reconnecting…', 'The connection to the meeting was lost. Rejoining automatically.');
export const endedCard = (message) => statusCard(message, el('a', { href: '/' }, 'Back to start'));

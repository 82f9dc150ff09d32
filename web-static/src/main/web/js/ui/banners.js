// What the room tells everyone in it: the recording indicator, and the cards shown instead of
// the meeting while waiting, reconnecting or after it ended.
import { el } from './dom.js';
import { t } from '../i18n.js';

/** The red "Recording" dot: everyone sees that the meeting is recorded, as in Zoom. */
export function recordingBanner(store, lifetime) {
  const badge = el('div', { id: 'recording-indicator', class: 'recording-indicator', role: 'status', 'aria-live': 'polite', hidden: true },
    el('span', { class: 'rec-dot', 'aria-hidden': 'true' }), t('Recording'));
  const render = (s) => {
    const rec = !!s.recording?.active;
    badge.hidden = !rec;
    badge.title = rec ? (s.recording.startedBy ? t('Recording started by {name}', { name: s.recording.startedBy }) : t('Recording started by the host')) : '';
  };
  store.subscribe((s, changed) => { if (changed.has('recording')) render(s); }, lifetime);
  render(store.state);
  return badge;
}

/**
 * The end-to-end encryption bar, for everyone in an E2EE meeting: a lock, the state of the keys
 * and the safety code to compare aloud (docs/security.md). The code changes whenever someone
 * joins or leaves; the same code on every screen means nobody's keys were swapped by the server.
 */
export function e2eeBanner(store, lifetime) {
  const code = el('span', { id: 'safety-code', class: 'safety-code' });
  const status = el('span', { class: 'e2ee-status' });
  const bar = el('div', { id: 'e2ee-indicator', class: 'e2ee-indicator', role: 'status', hidden: true,
    title: t('Audio and video are encrypted in the browsers; the server forwards them but cannot read them. Compare the safety code aloud: if everyone sees the same code, nobody in between holds the keys.') },
  el('span', { 'aria-hidden': 'true' }, '🔒'), el('strong', {}, t('End-to-end encrypted')), status, code);
  const render = (s) => {
    bar.hidden = !s.policy?.e2ee;
    const e = s.e2ee ?? {};
    status.textContent = e.error ? ` — ${e.error}` : e.ready ? '' : ` — ${t('exchanging keys…')}`;
    bar.classList.toggle('problem', !!e.error);
    code.textContent = e.safetyCode ? t('Safety code: {code}', { code: e.safetyCode }) : '';
    bar.dataset.safetyCode = e.safetyCode ?? '';
  };
  store.subscribe((s, changed) => { if (changed.has('policy') || changed.has('e2ee')) render(s); }, lifetime);
  render(store.state);
  return bar;
}

/** A status card (a live region) with a heading and a line of text or an element. */
export function statusCard(title, body) {
  return el('div', { class: 'card', role: 'status' }, el('h1', {}, title), el('p', {}, body));
}

/** The waiting room: the meeting's title, your own preview and a way out. */
export function waitingCard({ title, stream, leave }) {
  const preview = el('video', { autoplay: true, playsinline: true, muted: true, 'aria-label': t('Your camera preview'), class: 'preview' });
  preview.muted = true;
  preview.srcObject = stream ?? null;
  return el('div', { class: 'card waiting', id: 'waiting-card' },
    title ? el('p', { class: 'muted', id: 'waiting-title' }, title) : null,
    el('div', { role: 'status' }, el('h1', {}, t('Waiting for the host')), el('p', {}, t('The host will let you in soon.'))),
    stream?.getVideoTracks().length ? preview : null,
    el('div', { class: 'row' }, el('button', { type: 'button', id: 'waiting-leave', class: 'danger', onclick: leave }, t('Leave'))));
}
export const reconnectingCard = () => statusCard(t('Reconnecting…'), t('The connection to the meeting was lost. Rejoining automatically.'));
export const endedCard = (message) => statusCard(message, el('a', { href: '/' }, t('Back to start')));

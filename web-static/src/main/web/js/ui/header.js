// The meeting's header, in the room's column above the stage (so it never covers a tile or the
// toolbar): title, time since the meeting started, how many are here, how the meeting is secured (locked,
// passcode, waiting room), the recording indicator, the gallery/speaker switch and the
// shortcut help.
import { el } from './dom.js';
import { t } from '../i18n.js';
import { icon, setIcon } from './icons.js';

const SHOWN = ['participants', 'policy', 'self', 'speakerView'];

/** h:mm:ss (or m:ss under an hour) of {@code ms}. */
export function elapsed(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60));
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${mm.padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}

/** What secures the meeting, in words: e.g. "Locked, waiting room, passcode" or "Open". */
export function securityText(policy, passcode) {
  const parts = [];
  if (policy?.locked) parts.push(t('Locked'));
  if (policy?.waitingRoom) parts.push(t('Waiting room'));
  if (passcode) parts.push(t('Passcode'));
  return parts.length ? parts.join(' · ') : t('Open');
}

/**
 * Builds the header. {@code info}: {title, passcodeRequired, since (the meeting's start, epoch ms)}; {@code act}: toggleLayout and
 * showShortcuts; {@code recording}: the recording indicator element.
 */
export function headerView(store, info, act, recording, lifetime) {
  const since = info.since ?? Date.now();
  const clock = el('span', { id: 'elapsed', class: 'elapsed', title: t('Time since the meeting started') }, elapsed(Date.now() - since));
  const count = el('span', { id: 'participant-count', class: 'pill', role: 'img' });
  const security = el('span', { id: 'security', class: 'pill security' }, icon('shield'), el('span', { class: 'label' }));
  const layout = el('button', { id: 'layout', type: 'button', class: 'tool small', 'aria-pressed': 'false', title: t('Speaker view: the person speaking large (W); off: gallery'),
    onclick: () => act.toggleLayout() }, icon('speaker'), el('span', { class: 'label' }, t('Speaker view')));
  const help = el('button', { id: 'shortcuts', type: 'button', class: 'tool small', 'aria-label': t('Keyboard shortcuts'), title: t('Keyboard shortcuts (?)'),
    onclick: () => act.showShortcuts() }, icon('keyboard'));
  const element = el('header', { class: 'meeting-header', 'aria-label': t('Meeting information') },
    el('h1', { class: 'meeting-title', id: 'meeting-title' }, info.title ?? t('Meeting')), clock, count, security, recording,
    el('span', { class: 'spacer' }), layout, help);

  const timer = setInterval(() => { clock.textContent = elapsed(Date.now() - since); }, 1000);
  lifetime.addEventListener('abort', () => clearInterval(timer), { once: true });

  const render = (s) => {
    const n = s.participants.size + (s.self ? 1 : 0);
    count.replaceChildren(icon('people'), el('span', { 'aria-hidden': 'true' }, String(n)));
    count.setAttribute('aria-label', n === 1 ? t('1 participant') : t('{n} participants', { n }));
    const text = securityText(s.policy, info.passcodeRequired);
    security.querySelector('.label').textContent = text;
    security.title = t('Security: {what}', { what: text });
    security.classList.toggle('locked', !!s.policy?.locked);
    setIcon(security, s.policy?.locked ? 'lock' : 'shield');
    layout.setAttribute('aria-pressed', String(s.speakerView));
  };
  store.subscribe((s, changed) => { if (SHOWN.some((k) => changed.has(k))) render(s); }, lifetime);
  render(store.state);
  return element;
}

// The meeting's keyboard shortcuts and the "?" dialog that lists them. Single keys as in Jitsi
// Meet (M, V, C, P, R, D, W), never while typing in a field or with a menu or dialog open, and
// with a switch to turn them off (WCAG 2.1.4: a screen reader's browse mode uses single keys
// too); Ctrl+D, Ctrl+E and Alt+Y (Zoom's raise hand) always work.
import { el } from './dom.js';
import { msg, t } from '../i18n.js';

const STORE_KEY = 'zvc.singleKeyShortcuts';

/** [keys, what it does, the room's action]: the list the dialog shows and the handler reads. */
export const SHORTCUTS = [
  ['M', msg('Mute or unmute your microphone'), 'toggleMic'],
  ['V', msg('Start or stop your camera'), 'toggleCam'],
  ['D', msg('Share your screen or stop sharing'), 'toggleShare'],
  ['C', msg('Open or close the chat'), 'toggleChat'],
  ['P', msg('Open or close the participants'), 'togglePeople'],
  ['R', msg('Raise or lower your hand'), 'toggleHand'],
  ['W', msg('Speaker view on or off'), 'toggleLayout'],
  ['?', msg('Show these shortcuts'), 'showShortcuts'],
];
const ALWAYS = [[msg('Ctrl+D'), msg('Mute or unmute')], [msg('Ctrl+E'), msg('Start or stop your camera')], ['Alt+Y', msg('Raise or lower your hand')],
  [msg('Escape'), msg('Close a menu or this dialog')]];

function singleKeysOn() {
  try {
    return localStorage.getItem(STORE_KEY) !== 'off';
  } catch {
    return true;
  }
}

/** True when a key press belongs to what has the focus (typing, a menu, a dialog), not to the room. */
function typing(e) {
  const target = e.target;
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement
    || target?.isContentEditable || !!target?.closest?.('[role=menu], dialog');
}

/** Listens for the shortcuts until {@code lifetime} ends; {@code act} holds the room's actions. */
export function installShortcuts(act, lifetime) {
  document.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || e.repeat) return;
    const key = e.key.toLowerCase();
    if (e.ctrlKey && !e.altKey && key === 'd') { e.preventDefault(); act.toggleMic(); return; }
    if (e.ctrlKey && !e.altKey && key === 'e') { e.preventDefault(); act.toggleCam(); return; }
    if (e.altKey && !e.ctrlKey && key === 'y') { e.preventDefault(); act.toggleHand(); return; }
    if (e.ctrlKey || e.altKey || e.metaKey || typing(e) || document.querySelector('dialog[open]')) return;
    if (e.key === '?') { e.preventDefault(); act.showShortcuts(); return; }
    if (!singleKeysOn()) return;
    const hit = SHORTCUTS.find(([k]) => k.toLowerCase() === key && k !== '?');
    if (hit) {
      e.preventDefault();
      act[hit[2]]();
    }
  }, { signal: lifetime });
}

/** The modal list of shortcuts, with the switch for single-key ones; Escape or Close ends it. */
export function showShortcutsDialog() {
  if (document.querySelector('dialog.shortcuts')) return;
  const row = ([k, what]) => el('tr', {}, el('th', { scope: 'row' }, el('kbd', {}, t(k))), el('td', {}, t(what)));
  const toggle = el('input', { type: 'checkbox', id: 'single-key-shortcuts', checked: singleKeysOn(), onchange: (e) => {
    try {
      localStorage.setItem(STORE_KEY, e.target.checked ? 'on' : 'off');
    } catch {
      // storage disabled: the switch lasts for this page only
    }
  } });
  const close = el('button', { type: 'button', id: 'shortcuts-close', class: 'primary' }, t('Close'));
  const dialog = el('dialog', { class: 'confirm shortcuts', 'aria-labelledby': 'shortcuts-title' },
    el('h2', { id: 'shortcuts-title' }, t('Keyboard shortcuts')),
    el('table', { class: 'keys' }, el('caption', { class: 'sr-only' }, t('Single-key shortcuts')), ...SHORTCUTS.map(row)),
    el('label', { class: 'switch' }, toggle, ' ', t('Single-key shortcuts (turn off if they clash with your screen reader)')),
    el('table', { class: 'keys' }, el('caption', { class: 'sr-only' }, t('Shortcuts that always work')), ...ALWAYS.map(row)),
    el('div', { class: 'row' }, close));
  const done = () => {
    dialog.close();
    dialog.remove();
  };
  close.addEventListener('click', done);
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  close.focus();
}

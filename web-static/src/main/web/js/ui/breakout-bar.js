// What everyone sees of breakout rooms: "In Room 1" in the top bar, the countdown of the timer
// and of the return, "Ask for help" and "Return to main room" inside a breakout, a room picker
// when participants may choose, and the hosts' broadcasts. The host's own controls are in
// ui/breakouts.js. Every button sends a request; the bar shows what the server answers.
import { t } from '../i18n.js';
import { el } from './dom.js';
import { breakoutName, inBreakout, isModerator } from '../room/store.js';
import { every, onDispose } from '../room/lifetime.js';

const SHOWN = ['roomId', 'roomName', 'breakouts', 'broadcasts', 'self'];

/** "4:05" for 245 seconds. */
function clock(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * The countdown sentence for the breakouts message {@code b} at {@code now} (epoch ms), or ''
 * when no timer runs. endsAt and closingAt are the server's clock; a skew of a few seconds
 * between the two clocks only shifts what is shown, the server decides when rooms close.
 */
export function countdownText(b, now) {
  if (!b?.open) return '';
  if (b.closingAt != null) return t('Returning to the main room in {time}', { time: clock((b.closingAt - now) / 1000) });
  if (b.endsAt != null) return t('Breakout rooms end in {time}', { time: clock((b.endsAt - now) / 1000) });
  return '';
}

/**
 * Builds the breakout bar (shown only while there is something to show), the banner with the
 * hosts' last broadcast and the top bar's room indicator; returns {bar, banner}. {@code act}:
 * askForHelp, returnToMain, joinBreakout.
 */
export function breakoutBar(store, act, lifetime) {
  const indicator = el('span', { id: 'breakout-indicator', class: 'breakout-indicator', role: 'status', hidden: true });
  // The page's top bar holds the brand and the account; the room indicator sits beside them while this room lives.
  const topbar = document.querySelector('.topbar');
  if (topbar) {
    topbar.querySelector('.brand')?.after(indicator);
    onDispose(lifetime, () => indicator.remove());
  }
  const countdown = el('span', { id: 'breakout-countdown', class: 'breakout-countdown', role: 'timer', 'aria-live': 'off', hidden: true });
  const help = el('button', { id: 'breakout-help', type: 'button', hidden: true, onclick: () => act.askForHelp() }, t('Ask for help'));
  const back = el('button', { id: 'breakout-return', type: 'button', hidden: true, onclick: () => act.returnToMain() }, t('Return to main room'));
  const picker = el('div', { class: 'breakout-picker', role: 'group', 'aria-label': t('Choose a breakout room'), hidden: true });
  // Always in the page (empty, it takes no room), so that screen readers announce each message.
  const message = el('p', { id: 'breakout-message', class: 'breakout-message', role: 'status', 'aria-live': 'polite' });
  const dismiss = el('button', { type: 'button', class: 'link', 'aria-label': t('Dismiss message'), hidden: true, onclick: () => {
    dismissed = store.state.broadcasts.length;
    render(store.state);
  } }, t('Dismiss'));
  let dismissed = 0; // broadcasts already dismissed
  const banner = el('div', { class: 'breakout-banner' }, message, dismiss);
  const bar = el('section', { class: 'breakout-bar', 'aria-label': t('Breakout rooms'), hidden: true },
    ...(topbar ? [] : [indicator]), countdown, help, back, picker);

  const tick = () => {
    const text = countdownText(store.state.breakouts, Date.now());
    if (countdown.textContent !== text) countdown.textContent = text;
    countdown.hidden = !text;
    return text;
  };
  const render = (s) => {
    const away = inBreakout(s);
    indicator.hidden = !away;
    indicator.textContent = away ? t('In {room}', { room: s.roomName ?? breakoutName(s, s.roomId) }) : '';
    help.hidden = !away;
    back.hidden = !away;
    const b = s.breakouts;
    // Not while closing: everyone is about to return. Hosts and co-hosts use Join in their panel.
    const choosing = !!b?.open && b.closingAt == null && !!b.allowChoose && !isModerator(s);
    picker.hidden = !choosing;
    picker.replaceChildren();
    if (choosing) {
      picker.append(el('span', { class: 'muted' }, t('Choose a room:')));
      for (const r of b.rooms) {
        const here = r.id === s.roomId;
        picker.append(el('button', { type: 'button', class: 'breakout-pick', 'data-room-id': r.id, disabled: here,
          'aria-current': here ? 'true' : undefined, onclick: () => act.joinBreakout(r.id) }, r.name));
      }
    }
    const last = s.broadcasts[s.broadcasts.length - 1];
    const showMessage = !!last && s.broadcasts.length > dismissed;
    message.textContent = showMessage ? t('Message from {name}: {text}', { name: last.from ?? t('the host'), text: last.text }) : '';
    dismiss.hidden = !showMessage;
    const timer = tick();
    bar.hidden = !away && !choosing && !timer;
  };
  store.subscribe((s, changed) => { if (SHOWN.some((k) => changed.has(k))) render(s); }, lifetime);
  render(store.state);
  // Once a second; the bar appears when a timer starts and goes when it ends.
  every(1000, () => {
    const wasHidden = countdown.hidden;
    tick();
    if (wasHidden !== countdown.hidden) render(store.state);
  }, lifetime);
  return { bar, banner };
}

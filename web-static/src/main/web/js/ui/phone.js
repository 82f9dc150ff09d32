// The room on a phone (≤ 700 px wide, or ≤ 500 px high when held sideways): the speaker large
// with the others in a row that swipes (Tiles.phone), chat and participants as sheets over the
// stage, and the header and controls hidden after a few seconds without a touch — a tap brings
// them back. They stay while a panel, a menu or a dialog is open, while the keyboard is in
// them, and while you are alone.
const QUERY = '(max-width: 700px), (max-height: 500px)';
export const HIDE_AFTER_MS = 4000;

/** Watches the screen size for {@code room}; returns {active(), show()}. */
export function phoneMode(room, store, tiles, panels, lifetime) {
  const media = matchMedia(QUERY);
  let timer = null;
  const busy = () => panels.some((p) => !p.hidden) || !!room.querySelector('.menu:not([hidden])') || !!document.querySelector('dialog[open]')
    || room.querySelector('.controls')?.contains(document.activeElement) || store.state.participants.size === 0;
  const hide = () => {
    if (media.matches && !busy()) room.classList.add('controls-hidden');
    else schedule();
  };
  const schedule = () => {
    clearTimeout(timer);
    if (media.matches) timer = setTimeout(hide, HIDE_AFTER_MS);
  };
  const show = () => {
    room.classList.remove('controls-hidden');
    schedule();
  };
  const apply = () => {
    room.classList.toggle('phone', media.matches);
    tiles.phone = media.matches;
    tiles.layout();
    show();
  };
  media.addEventListener('change', apply, { signal: lifetime });
  // A tap on the stage while the controls are hidden only brings them back (it does not pin a tile).
  room.addEventListener('pointerdown', (e) => {
    if (room.classList.contains('controls-hidden')) {
      const eat = new AbortController();
      room.addEventListener('click', (c) => { c.stopPropagation(); c.preventDefault(); }, { capture: true, once: true, signal: eat.signal });
      setTimeout(() => eat.abort(), 600);
      e.preventDefault();
    }
    show();
  }, { signal: lifetime, capture: true });
  for (const type of ['keydown', 'focusin']) room.ownerDocument.addEventListener(type, show, { signal: lifetime });
  lifetime.addEventListener('abort', () => clearTimeout(timer), { once: true });
  apply();
  return { active: () => media.matches, show };
}

// Menus behind a button (the WAI-ARIA menu button pattern): the toolbar's device menus, the
// reactions popover, "More", and the "…" of each participant. The button says aria-haspopup and
// aria-expanded; the menu opens on click, Enter, Space or the arrow keys, and is worked with the
// arrow keys, Home and End; Escape (or Tab, or a click elsewhere) closes it and focus returns
// to the button. Menus are position: fixed beside their button, so no container clips them.
import { el } from './dom.js';
import { icon } from './icons.js';

const ITEM_ROLES = ['menuitem', 'menuitemradio', 'menuitemcheckbox'];

/**
 * One entry of a menu: {@code role} menuitem (default), menuitemradio or menuitemcheckbox
 * ({@code checked}); {@code onSelect} runs after the menu closed.
 */
export function menuItem({ id, label, iconName, role = 'menuitem', checked, danger, onSelect, attrs = {} }) {
  const item = el('button', { type: 'button', role, id, class: danger ? 'danger' : null, tabindex: '-1', ...attrs },
    iconName ? icon(iconName) : null, el('span', { class: 'label' }, label));
  if (role !== 'menuitem') item.setAttribute('aria-checked', String(!!checked));
  item.addEventListener('click', () => {
    item.dispatchEvent(new CustomEvent('menu-close', { bubbles: true }));
    onSelect?.();
  });
  return item;
}

/** A labelled group of items (a heading the screen reader names the group by). */
export function menuGroup(label, items) {
  return el('div', { role: 'group', 'aria-label': label, class: 'menu-group' }, el('div', { class: 'menu-heading', 'aria-hidden': 'true' }, label), ...items);
}

let menus = 0;

/**
 * Makes {@code button} open a menu labelled {@code label}. {@code items}: the menu's children,
 * or a function called at each opening that returns them (or a promise of them: device lists).
 * Returns {menu, open, close, isOpen}; {@code onToggle(open)} hears every opening and closing.
 */
export function attachMenu(button, { label, items, up = true, lifetime, onToggle = () => {} }) {
  const id = `menu-${++menus}`;
  const menu = el('div', { role: 'menu', id, class: 'menu', 'aria-label': label, hidden: true });
  button.setAttribute('aria-haspopup', 'menu');
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('aria-controls', id);
  if (Array.isArray(items)) menu.append(...items);
  const entries = () => [...menu.querySelectorAll(ITEM_ROLES.map((r) => `[role=${r}]`).join(','))]
    .filter((e) => !e.hidden && !e.closest('[hidden]:not(.menu)') && !e.disabled);
  let outside = null;

  // Opens towards {@code up} when the menu fits there, else towards the side with more room; a
  // menu that fits on neither side (a phone held sideways) slides over its button instead. It
  // always stops above the meeting's toolbar, which stays usable, and scrolls when even the whole
  // height above the toolbar is too little.
  const place = () => {
    const r = button.getBoundingClientRect();
    const floor = Math.min(innerHeight, button.closest('.room')?.querySelector('.controls:not([hidden])')?.getBoundingClientRect().top || innerHeight) - 6;
    const above = r.top - 14;
    const below = (r.bottom < floor ? floor : innerHeight) - r.bottom - 8;
    menu.style.maxHeight = '';
    menu.style.bottom = '';
    const height = menu.offsetHeight;
    const goUp = up ? height <= above || above > below : height > below && above > below;
    const top = Math.max(8, Math.min(goUp ? r.top - 6 - height : r.bottom + 6, floor - height));
    menu.style.left = `${Math.max(8, Math.min(up ? r.left : r.right - menu.offsetWidth, innerWidth - menu.offsetWidth - 8))}px`;
    menu.style.top = `${top}px`;
    menu.style.maxHeight = `${Math.max(48, floor - top)}px`;
  };
  const open = async (focus = 'first') => {
    if (typeof items === 'function') menu.replaceChildren(...(await items()).filter(Boolean));
    menu.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    place();
    const list = entries();
    const selected = list.find((e) => e.getAttribute('aria-checked') === 'true');
    (focus === 'last' ? list.at(-1) : selected ?? list[0])?.focus();
    outside = new AbortController();
    document.addEventListener('pointerdown', (e) => { if (!menu.contains(e.target) && !button.contains(e.target)) close(false); },
      { signal: outside.signal, capture: true });
    onToggle(true);
  };
  const close = (refocus = true) => {
    if (menu.hidden) return;
    menu.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    outside?.abort();
    if (refocus) button.focus();
    onToggle(false);
  };
  button.addEventListener('click', () => (menu.hidden ? open() : close()));
  button.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      open(e.key === 'ArrowUp' ? 'last' : 'first');
    }
  });
  menu.addEventListener('menu-close', () => close());
  menu.addEventListener('keydown', (e) => {
    const list = entries();
    const at = list.indexOf(document.activeElement);
    const go = (i) => { e.preventDefault(); list[(i + list.length) % list.length]?.focus(); };
    switch (e.key) {
      case 'ArrowDown': go(at + 1); break;
      case 'ArrowUp': go(at - 1); break;
      case 'Home': go(0); break;
      case 'End': go(list.length - 1); break;
      case 'Escape': e.preventDefault(); e.stopPropagation(); close(); break;
      case 'Tab': close(false); break;
      default:
    }
  });
  lifetime?.addEventListener('abort', () => outside?.abort(), { once: true });
  return { menu, open, close, isOpen: () => !menu.hidden };
}

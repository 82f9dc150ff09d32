// Inline SVG icons for the meeting's controls: drawn with the text colour (currentColor), hidden
// from screen readers (the button's own label names it), no request per icon.

const SVG = 'http://www.w3.org/2000/svg';

/** Each icon as SVG path data on a 24 × 24 grid, stroked. */
const PATHS = {
  mic: ['M12 3a3 3 0 0 1 3 3v6a3 3 0 0 1-6 0V6a3 3 0 0 1 3-3z', 'M5 11a7 7 0 0 0 14 0', 'M12 18v3'],
  micOff: ['M9 9v3a3 3 0 0 0 5.1 2.1', 'M15 10V6a3 3 0 0 0-5.7-1.3', 'M5 11a7 7 0 0 0 11.5 5.4', 'M19 11a7 7 0 0 1-.6 2.8', 'M12 18v3', 'M3 3l18 18'],
  cam: ['M3 7h12v10H3z', 'M15 10l6-3v10l-6-3'],
  camOff: ['M3 7h2m4 0h6v6m0 4H3V7', 'M15 10l6-3v10l-6-3', 'M3 3l18 18'],
  chevron: ['M6 15l6-6 6 6'],
  share: ['M3 4h18v12H3z', 'M8 20h8', 'M12 16v4', 'M12 13V7', 'M9 10l3-3 3 3'],
  people: ['M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7z', 'M2 20a7 7 0 0 1 14 0', 'M16 4a3.5 3.5 0 0 1 0 7', 'M18 14a6 6 0 0 1 4 6'],
  chat: ['M4 4h16v12H9l-5 4z'],
  smile: ['M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z', 'M8 14a5 5 0 0 0 8 0', 'M9 9.5h.01', 'M15 9.5h.01'],
  record: ['M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z', 'M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6z'],
  hand: ['M8 13V5.5a1.5 1.5 0 0 1 3 0V12', 'M11 11V4a1.5 1.5 0 0 1 3 0v7', 'M14 11V5.5a1.5 1.5 0 0 1 3 0V14',
    'M17 10a1.5 1.5 0 0 1 3 0v5a7 7 0 0 1-7 7h-1a7 7 0 0 1-5.6-2.8L3.5 15.5a1.5 1.5 0 0 1 2.3-1.9L8 16'],
  more: ['M5 12h.01', 'M12 12h.01', 'M19 12h.01'],
  leave: ['M3 15.5c5.5-4.7 12.5-4.7 18 0l-2.5 2.5-3-1.5v-2.5a9 9 0 0 0-7 0v2.5l-3 1.5z'],
  lock: ['M5 11h14v10H5z', 'M8 11V7a4 4 0 0 1 8 0v4'],
  unlock: ['M5 11h14v10H5z', 'M8 11V7a4 4 0 0 1 7.7-1.5'],
  shield: ['M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6z'],
  key: ['M8 15a4 4 0 1 0 0-8 4 4 0 0 0 0 8z', 'M12 11h9', 'M18 11v3', 'M21 11v3'],
  grid: ['M4 4h7v7H4z', 'M13 4h7v7h-7z', 'M4 13h7v7H4z', 'M13 13h7v7h-7z'],
  speaker: ['M3 4h18v11H3z', 'M3 18h5v3H3z', 'M10 18h4v3h-4z', 'M16 18h5v3h-5z'],
  keyboard: ['M2 6h20v12H2z', 'M6 10h.01', 'M10 10h.01', 'M14 10h.01', 'M18 10h.01', 'M7 14h10'],
  settings: ['M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6z', 'M12 2v3', 'M12 19v3', 'M2 12h3', 'M19 12h3', 'M4.9 4.9l2.1 2.1', 'M17 17l2.1 2.1', 'M4.9 19.1L7 17', 'M17 7l2.1-2.1'],
  rooms: ['M3 3h8v8H3z', 'M13 3h8v8h-8z', 'M3 13h8v8H3z', 'M13 13h8v8h-8z', 'M7 7h.01'],
  close: ['M6 6l12 12', 'M18 6L6 18'],
  cc: ['M3 5h18v14H3z', 'M10.5 10a2.5 2.5 0 1 0 0 4', 'M17 10a2.5 2.5 0 1 0 0 4'],
};

/** An icon (an {@code <svg>}, aria-hidden) by name. */
export function icon(name) {
  const svg = document.createElementNS(SVG, 'svg');
  for (const [k, v] of Object.entries({ viewBox: '0 0 24 24', width: '24', height: '24', fill: 'none', stroke: 'currentColor',
    'stroke-width': '2', 'stroke-linecap': 'round', 'stroke-linejoin': 'round', 'aria-hidden': 'true', focusable: 'false', class: 'icon' })) {
    svg.setAttribute(k, v);
  }
  for (const d of PATHS[name] ?? []) {
    const p = document.createElementNS(SVG, 'path');
    p.setAttribute('d', d);
    svg.append(p);
  }
  return svg;
}

/** Replaces the icon inside {@code button} (its first svg). */
export function setIcon(button, name) {
  if (button.dataset.icon === name) return;
  button.dataset.icon = name;
  button.querySelector('svg.icon')?.replaceWith(icon(name));
}

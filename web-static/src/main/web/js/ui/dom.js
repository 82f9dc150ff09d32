// Tiny DOM helpers: elements are built with textContent, never innerHTML with user data.
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
    else if (v === true) e.setAttribute(k, '');
    else if (v !== false && v !== undefined && v !== null) e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

export function toast(message, action) {
  const t = document.getElementById('toast');
  t.replaceChildren(document.createTextNode(message));
  if (action) t.append(' ', el('button', { onclick: () => { action.run(); t.classList.remove('show'); } }, action.label));
  t.classList.add('show');
  clearTimeout(t.timer);
  t.timer = setTimeout(() => t.classList.remove('show'), action ? 8000 : 3500);
}

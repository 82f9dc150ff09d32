// Branding: product name, colours with a live preview and a contrast check, logo and favicon; saved
// through the command `zvc-admin branding set` runs and applied to every page at once.
import * as api from '../../api.js';
import { el, toast } from '../../ui/dom.js';

const MAX_IMAGE = 256 * 1024;
const TYPES = {
  logo: ['image/png', 'image/jpeg', 'image/svg+xml'],
  favicon: ['image/png', 'image/jpeg', 'image/svg+xml', 'image/x-icon', 'image/vnd.microsoft.icon'],
};
const BUTTON_TEXT = '#ffffff'; // --zvc-brand-contrast: text on the primary colour
const PAGE_TEXT = '#e8eaed'; // --zvc-text: text on the accent (surface) colour

/** WCAG 2.x relative luminance of a #rrggbb colour. */
function luminance(hex) {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2.x contrast ratio, 1 to 21. */
export function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

function readImage(file, field) {
  if (!TYPES[field].includes(file.type)) {
    const kinds = field === 'logo' ? 'PNG, JPEG or SVG' : 'PNG, JPEG, SVG or ICO';
    return Promise.reject(new Error(`The ${field} must be a ${kinds} image (this is ${file.type || 'of an unknown type'})`));
  }
  if (file.size > MAX_IMAGE) return Promise.reject(new Error(`The ${field} must be at most 256 KiB (this is ${Math.ceil(file.size / 1024)} KiB)`));
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(new Error(`Could not read ${file.name}`));
    reader.readAsDataURL(file);
  });
}

export async function brandingPage(content) {
  const status = el('p', { class: 'muted', role: 'status' }, 'Loading…');
  content.replaceChildren(el('h1', { id: 'admin-title' }, 'Branding'), status);
  let saved;
  try {
    saved = await api.call('GET', '/admin/branding');
    status.textContent = '';
  } catch (e) {
    status.textContent = e.message;
    return;
  }
  const images = { logo: saved.logo, favicon: saved.favicon };
  const name = el('input', { id: 'brand-name', name: 'productName', value: saved.productName, maxlength: 60, required: true });
  const primary = el('input', { id: 'brand-primary', name: 'primaryColor', type: 'color', value: saved.primaryColor });
  const accent = el('input', { id: 'brand-accent', name: 'accentColor', type: 'color', value: saved.accentColor });
  const file = (field, label, accept) => {
    const input = el('input', { id: `brand-${field}`, type: 'file', accept });
    const remove = el('button', { type: 'button', id: `brand-${field}-remove` }, `Default ${field}`);
    input.addEventListener('change', async () => {
      error.textContent = '';
      if (!input.files[0]) return;
      try {
        images[field] = await readImage(input.files[0], field);
      } catch (e) {
        input.value = '';
        error.textContent = e.message;
      }
      update();
    });
    remove.addEventListener('click', () => { images[field] = ''; input.value = ''; update(); });
    return el('div', {}, el('label', { for: `brand-${field}` }, label), input, el('div', { class: 'row' }, remove));
  };
  const error = el('p', { class: 'error', role: 'alert', id: 'branding-error' });
  const check = el('p', { id: 'contrast-check', role: 'status' });
  const previewLogo = el('img', { alt: '', class: 'brand-logo' });
  const previewName = el('span');
  const preview = el('div', { id: 'branding-preview', class: 'branding-preview', 'aria-label': 'Preview' },
    el('div', { class: 'preview-bar' }, previewLogo, previewName),
    el('div', { class: 'preview-body' }, el('a', { href: '#', tabindex: -1, onclick: (e) => e.preventDefault() }, 'A link'), ' ',
      el('button', { type: 'button', class: 'primary', tabindex: -1 }, 'Sign in')));
  const update = () => {
    preview.style.setProperty('--zvc-brand', primary.value);
    preview.style.setProperty('--zvc-surface', accent.value);
    previewName.textContent = name.value;
    previewLogo.hidden = !images.logo;
    if (images.logo) previewLogo.src = images.logo;
    const onPrimary = contrast(primary.value, BUTTON_TEXT);
    const onAccent = contrast(accent.value, PAGE_TEXT);
    const ok = onPrimary >= 4.5;
    check.className = ok && onAccent >= 4.5 ? 'contrast-ok' : 'contrast-warn';
    check.textContent = `Text on the primary colour: ${onPrimary.toFixed(1)}:1 `
      + (ok ? '(meets WCAG AA, 4.5:1)' : '— below WCAG AA (4.5:1): white text on buttons will be hard to read; choose a darker colour')
      + `. Text on the accent colour: ${onAccent.toFixed(1)}:1${onAccent >= 4.5 ? '' : ' — below 4.5:1'}.`;
  };
  for (const input of [name, primary, accent]) input.addEventListener('input', update);
  const message = el('textarea', { id: 'brand-message', name: 'signInMessage', maxlength: 500, rows: 3 }, saved.signInMessage ?? '');

  const form = el('form', { class: 'admin-form', id: 'branding-form', 'aria-label': 'Branding' },
    el('label', { for: 'brand-name' }, 'Product name'), name,
    el('div', { class: 'colours' },
      el('div', {}, el('label', { for: 'brand-primary' }, 'Primary colour (buttons, links)'), primary),
      el('div', {}, el('label', { for: 'brand-accent' }, 'Accent colour (bars and panels)'), accent)),
    check,
    file('logo', 'Logo (PNG, JPEG or SVG, at most 256 KiB)', TYPES.logo.join(',')),
    file('favicon', 'Favicon (PNG, SVG or ICO, at most 256 KiB)', TYPES.favicon.join(',') + ',.ico'),
    el('label', { for: 'brand-message' }, 'Sign-in page message (plain text, at most 500 characters; empty for none)'), message,
    error, el('div', { class: 'row' }, el('button', { type: 'submit', class: 'primary' }, 'Save branding')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    const now = { productName: name.value.trim(), primaryColor: primary.value, accentColor: accent.value,
      signInMessage: message.value.trim(), ...images };
    const changes = Object.fromEntries(Object.entries(now).filter(([k, v]) => v !== saved[k]));
    if (!Object.keys(changes).length) {
      toast('Nothing changed');
      return;
    }
    try {
      saved = await api.call('PATCH', '/admin/branding', changes);
      window.dispatchEvent(new Event('zvc-branding'));
      toast('Branding saved: every page shows it now');
    } catch (err) {
      error.textContent = err.message;
    }
  });
  content.append(el('div', { class: 'branding' }, form, el('section', { 'aria-labelledby': 'preview-title' },
    el('h2', { id: 'preview-title' }, 'Preview'), preview)));
  update();
}

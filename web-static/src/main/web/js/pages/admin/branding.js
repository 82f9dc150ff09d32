// Branding: product name, colours with a live preview and a contrast check, logo and favicon; saved
// through the command `zvc-admin branding set` runs and applied to every page at once.
import * as api from '../../api.js';
import { el, toast } from '../../ui/dom.js';
import { t } from '../../i18n.js';

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
  const logo = field === 'logo';
  if (!TYPES[field].includes(file.type)) {
    const type = { type: file.type || t('of an unknown type') };
    return Promise.reject(new Error(logo ? t('The logo must be a PNG, JPEG or SVG image (this is {type})', type)
      : t('The favicon must be a PNG, JPEG, SVG or ICO image (this is {type})', type)));
  }
  if (file.size > MAX_IMAGE) {
    const size = { size: Math.ceil(file.size / 1024) };
    return Promise.reject(new Error(logo ? t('The logo must be at most 256 KiB (this is {size} KiB)', size)
      : t('The favicon must be at most 256 KiB (this is {size} KiB)', size)));
  }
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(new Error(t('Could not read {file}', { file: file.name })));
    reader.readAsDataURL(file);
  });
}

export async function brandingPage(content) {
  const status = el('p', { class: 'muted', role: 'status' }, t('Loading…'));
  content.replaceChildren(el('h1', { id: 'admin-title' }, t('Branding')), status);
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
    const remove = el('button', { type: 'button', id: `brand-${field}-remove` }, field === 'logo' ? t('Default logo') : t('Default favicon'));
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
  const preview = el('div', { id: 'branding-preview', class: 'branding-preview', 'aria-label': t('Preview') },
    el('div', { class: 'preview-bar' }, previewLogo, previewName),
    el('div', { class: 'preview-body' }, el('a', { href: '#', tabindex: -1, onclick: (e) => e.preventDefault() }, t('A link')), ' ',
      el('button', { type: 'button', class: 'primary', tabindex: -1 }, t('Sign in'))));
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
    check.textContent = `${t('Text on the primary colour: {ratio}:1', { ratio: onPrimary.toFixed(1) })} `
      + (ok ? t('(meets WCAG AA, 4.5:1)') : t('— below WCAG AA (4.5:1): white text on buttons will be hard to read; choose a darker colour'))
      + `. ${t('Text on the accent colour: {ratio}:1', { ratio: onAccent.toFixed(1) })}${onAccent >= 4.5 ? '' : ` ${t('— below 4.5:1')}`}.`;
  };
  for (const input of [name, primary, accent]) input.addEventListener('input', update);
  const message = el('textarea', { id: 'brand-message', name: 'signInMessage', maxlength: 500, rows: 3 }, saved.signInMessage ?? '');

  const form = el('form', { class: 'admin-form', id: 'branding-form', 'aria-label': t('Branding') },
    el('label', { for: 'brand-name' }, t('Product name')), name,
    el('div', { class: 'colours' },
      el('div', {}, el('label', { for: 'brand-primary' }, t('Primary colour (buttons, links)')), primary),
      el('div', {}, el('label', { for: 'brand-accent' }, t('Accent colour (bars and panels)')), accent)),
    check,
    file('logo', t('Logo (PNG, JPEG or SVG, at most 256 KiB)'), TYPES.logo.join(',')),
    file('favicon', t('Favicon (PNG, SVG or ICO, at most 256 KiB)'), TYPES.favicon.join(',') + ',.ico'),
    el('label', { for: 'brand-message' }, t('Sign-in page message (plain text, at most 500 characters; empty for none)')), message,
    error, el('div', { class: 'row' }, el('button', { type: 'submit', class: 'primary' }, t('Save branding'))));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    const now = { productName: name.value.trim(), primaryColor: primary.value, accentColor: accent.value,
      signInMessage: message.value.trim(), ...images };
    const changes = Object.fromEntries(Object.entries(now).filter(([k, v]) => v !== saved[k]));
    if (!Object.keys(changes).length) {
      toast(t('Nothing changed'));
      return;
    }
    try {
      saved = await api.call('PATCH', '/admin/branding', changes);
      window.dispatchEvent(new Event('zvc-branding'));
      toast(t('Branding saved: every page shows it now'));
    } catch (err) {
      error.textContent = err.message;
    }
  });
  content.append(el('div', { class: 'branding' }, form, el('section', { 'aria-labelledby': 'preview-title' },
    el('h2', { id: 'preview-title' }, t('Preview')), preview)));
  update();
}

// Light and dark: the page follows the system's setting (prefers-color-scheme, in app.css) unless
// the user chose one on this browser, which sets data-theme on <html>. The organisation's brand
// colour (/branding.css) applies in both.
import { t } from './i18n.js';

const KEY = 'zvc.theme';

/** 'light', 'dark' or null (follow the system). */
export function chosenTheme() {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : null;
  } catch {
    return null; // storage disabled
  }
}

/** Applies {@code theme} (default: the stored choice) to the page. */
export function applyTheme(theme = chosenTheme()) {
  if (theme) document.documentElement.dataset.theme = theme;
  else delete document.documentElement.dataset.theme;
}

/** Stores and applies the user's choice; null follows the system again. */
export function chooseTheme(theme) {
  try {
    if (theme) localStorage.setItem(KEY, theme); else localStorage.removeItem(KEY);
  } catch {
    // storage disabled: the choice lasts for this page only
  }
  applyTheme(theme);
}

/** A select of the themes ("System" first), applied at once on change. */
export function themeSelect(el, id) {
  const chosen = chosenTheme();
  const option = (value, label) => el('option', { value, selected: (chosen ?? '') === value }, label);
  const s = el('select', { id, 'aria-label': t('Theme') },
    option('', t('Theme: system')), option('light', t('Light')), option('dark', t('Dark')));
  s.addEventListener('change', () => chooseTheme(s.value || null));
  return s;
}

// Languages: every user-visible string of the client passes through t(). The English text is the
// key (as in gettext), so English needs no catalogue and a string missing from a language's
// catalogue shows in English. Catalogues are plain JSON served beside the client
// (/i18n/<code>.json: {"English text": "translation"}); placeholders are {name}. The language is
// the user's choice (stored on this browser) or else the first of navigator.languages we have.
// To add a language: a catalogue in web/i18n/ and an entry in LANGUAGES.

/** The languages with a catalogue, by code, each named in itself. English is built in. */
export const LANGUAGES = { en: 'English', de: 'Deutsch' };
const KEY = 'zvc.language';

let code = 'en';
let messages = {};

/** {@code text} in the page's language, with {name} placeholders filled from {@code params}. */
export function t(text, params) {
  const s = messages[text] ?? text;
  return params ? s.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m)) : s;
}

/** Marks a string for the catalogues where it is translated later with t() (a table of labels). */
export const msg = (text) => text;

/** The page's language code ('en', 'de'). */
export function language() {
  return code;
}

/** The locale for dates and numbers: the browser's own (e.g. en-GB) where it is of the page's language, else the language. */
export function locale() {
  const own = navigator.language ?? '';
  return own.toLowerCase().split('-')[0] === code ? own : code;
}

/** The user's own choice on this browser, or null to follow the browser's languages. */
export function chosenLanguage() {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null; // storage disabled
  }
}

/** The language to show: the stored choice, else the first of the browser's languages we have, else English. */
export function pickLanguage(preferred = navigator.languages ?? [navigator.language], chosen = chosenLanguage()) {
  if (chosen && chosen in LANGUAGES) return chosen;
  for (const tag of preferred) {
    const base = String(tag).toLowerCase().split('-')[0];
    if (base in LANGUAGES) return base;
  }
  return 'en';
}

/**
 * Stores the user's choice (null: follow the browser) and, with {@code reload}, reloads so every
 * view is built again in it (in a meeting it applies the next time a page opens).
 */
export function chooseLanguage(choice, reload = true) {
  try {
    if (choice) localStorage.setItem(KEY, choice); else localStorage.removeItem(KEY);
  } catch {
    // storage disabled: the choice lasts for this page only
  }
  if (reload) location.reload();
}

/** Loads the catalogue of the picked language before the first view is built; English if it cannot. */
export async function loadLanguage() {
  const want = pickLanguage();
  if (want !== 'en') {
    try {
      const res = await fetch(`/i18n/${want}.json`);
      if (res.ok) {
        messages = await res.json();
        code = want;
      }
    } catch {
      // offline or refused: English
    }
  }
  document.documentElement.lang = code;
}

/** A select of the languages ("Browser default" first), choosing on change (see chooseLanguage). */
export function languageSelect(el, id, reload = true) {
  const chosen = chosenLanguage();
  const s = el('select', { id, 'aria-label': t('Language') },
    el('option', { value: '', selected: !chosen }, t('Language: browser default')),
    ...Object.entries(LANGUAGES).map(([c, name]) => el('option', { value: c, lang: c, selected: chosen === c }, name)));
  s.addEventListener('change', () => chooseLanguage(s.value || null, reload));
  return s;
}

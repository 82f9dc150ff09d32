// What this browser remembers of the effects: the background chosen last (localStorage), whether
// noise suppression is on (on unless turned off), and the user's own background image
// (IndexedDB, never uploaded to the appliance).
const BACKGROUND_KEY = 'zvc.background';
const NOISE_KEY = 'zvc.noiseSuppression';

function get(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null; // storage disabled
  }
}

function put(key, value) {
  try {
    localStorage.setItem(key, value);
  } catch {
    // storage disabled: the choice lasts for this page
  }
}

export const storedBackground = () => get(BACKGROUND_KEY) ?? 'none';
export const storeBackground = (id) => put(BACKGROUND_KEY, id);
export const storedNoiseSuppression = () => get(NOISE_KEY) !== 'off';
export const storeNoiseSuppression = (on) => put(NOISE_KEY, on ? 'on' : 'off');
/**
 * The per-frame budget of background effects (effects/budget.js): true (the camera's frame
 * interval) unless a support person or a test set localStorage zvc.effectsBudget: 'off' (false:
 * never step down) or a number of ms (to see the step-down on a fast device).
 */
export function effectsBudget() {
  const v = get('zvc.effectsBudget');
  if (v === 'off') return false;
  return v && Number.isFinite(Number(v)) ? Number(v) : true;
}
/** True when localStorage zvc.effectsPath is 'page': the page-thread path even where a worker could run (support, benchmarks). */
export const pageThreadForced = () => get('zvc.effectsPath') === 'page';
/** False when localStorage zvc.effectsEdges is 'hard': the model's mask as it is, without softened edges (effects/mask.js; to compare). */
export const softEdges = () => get('zvc.effectsEdges') !== 'hard';

function db() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open('zvc-effects', 1);
    req.onupgradeneeded = () => req.result.createObjectStore('images');
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function request(mode, fn) {
  const d = await db();
  try {
    return await new Promise((resolve, reject) => {
      const req = fn(d.transaction('images', mode).objectStore('images'));
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  } finally {
    d.close();
  }
}

/** Keeps the user's own background image (a Blob) in this browser. */
export const saveOwnImage = (blob) => request('readwrite', (s) => s.put(blob, 'own'));

/** The user's own background image as an object URL, or null if there is none. */
export async function ownImageUrl() {
  try {
    const blob = await request('readonly', (s) => s.get('own'));
    return blob ? URL.createObjectURL(blob) : null;
  } catch {
    return null;
  }
}

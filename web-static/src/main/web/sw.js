// The service worker of the installable app. Pages, scripts, styles and icons come from the
// network whenever it answers (so an upgraded appliance is never shadowed by an old copy) and
// from this cache when it does not: the installed app still opens and says it is offline. The
// API, recordings and anything not a same-origin GET are never touched, nor cached; media and the
// signaling socket do not pass through a service worker at all.
const CACHE = 'zvc-shell-v2';
// The offline page with its script and every message catalogue (one per language of js/i18n.js's
// LANGUAGES but English), so the offline page speaks the user's language (MessageCatalogueTest checks the list).
const SHELL = ['/', '/offline.html', '/css/app.css', '/branding.css', '/js/app.js', '/js/offline.js', '/js/i18n.js',
  '/i18n/de.json', '/favicon.svg', '/icons/icon-192.png'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

/** Whether the worker handles this request at all: the shell's own files, never API data. */
function isShell(request) {
  const url = new URL(request.url);
  return request.method === 'GET' && url.origin === self.location.origin && !url.pathname.startsWith('/api/');
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (!isShell(request)) return; // the browser fetches it as if there were no worker
  event.respondWith((async () => {
    try {
      const response = await fetch(request);
      if (response.ok && response.type === 'basic') {
        const copy = response.clone();
        event.waitUntil(caches.open(CACHE).then((c) => c.put(request, copy)));
      }
      return response;
    } catch {
      // Offline: a page the app cannot work without gets the offline page; files get their last copy.
      if (request.mode === 'navigate') return (await caches.match('/offline.html')) ?? Response.error();
      return (await caches.match(request)) ?? Response.error();
    }
  })());
});

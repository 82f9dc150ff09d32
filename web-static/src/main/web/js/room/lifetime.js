// A room's lifetime is one AbortSignal: every listener the room adds is registered with
// {signal}, and every timer, observer, track and connection it opens registers its undoing
// here. Disposing the room aborts the signal, which undoes all of them at once.

/** Runs {@code fn} once when {@code lifetime} ends (at once if it already has). */
export function onDispose(lifetime, fn) {
  if (lifetime.aborted) fn();
  else lifetime.addEventListener('abort', () => fn(), { once: true });
}

/** setInterval for the length of a lifetime. */
export function every(ms, fn, lifetime) {
  const timer = setInterval(fn, ms);
  onDispose(lifetime, () => clearInterval(timer));
}

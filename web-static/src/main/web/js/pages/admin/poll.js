// Refreshing a dashboard page while it is shown.
/**
 * Runs `task` every `ms` while `node` is on the page (the next route replaces it). While the
 * browser tab is hidden nothing is fetched; the page refreshes as soon as the tab shows again.
 */
export function whileShown(node, ms, task) {
  const tick = async () => {
    if (!node.isConnected) return;
    if (document.hidden) {
      document.addEventListener('visibilitychange', tick, { once: true });
      return;
    }
    await task();
    if (node.isConnected) setTimeout(tick, ms);
  };
  return tick();
}

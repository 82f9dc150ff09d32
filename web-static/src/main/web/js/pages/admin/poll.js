// Refreshing a dashboard page while it is shown.
/** Runs `task` every `ms` while `node` is on the page (the next route replaces it). */
export function whileShown(node, ms, task) {
  const tick = async () => {
    if (!node.isConnected) return;
    await task();
    if (node.isConnected) setTimeout(tick, ms);
  };
  return tick();
}

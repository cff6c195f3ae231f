// Registers the service worker that precaches the app and the wasm core (vite-plugin-pwa,
// generateSW), so after one visit the whole app opens with the network off. Only the app page
// calls this — an embedding host site never gets a service worker from us.
export async function registerOffline() {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  try {
    const { registerSW } = await import('virtual:pwa-register');
    registerSW({ immediate: true });
  } catch (e) {
    console.warn('offline mode unavailable', e);
  }
}

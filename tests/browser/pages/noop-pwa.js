// Stands in for virtual:pwa-register in the harness build (no service worker there).
export function registerSW() { return () => {}; }

// Style isolation for embedded elements. Shadow DOM already keeps the host page's selectors out
// of our trees and ours out of the page, but three things still cross the boundary:
// inherited properties (font, color, line-height…), rules matching the custom element itself
// (a host's `* { font-size: 20px }` beats a normal `:host` rule) and `rem` units (relative to the
// host's <html>). `:host { all: initial !important }` wins over any normal host rule (important
// declarations from the shadow tree beat the outer page's), then we set our own font back; the
// app's rem-sized headings get fixed sizes (what they are at the 16px default).
// Custom properties are not reset by `all`, so `loudou-board { --ld-accent: #c00 }` still themes.
import { css, unsafeCSS } from 'lit';

const FONT = "system-ui, -apple-system, 'PingFang SC', 'Microsoft YaHei', 'WenQuanYi Micro Hei', sans-serif";

/** The reset for an element whose :host should lay out as `display`. */
export function hostReset(display = 'block') {
  return css`
    :host {
      all: initial !important; display: ${unsafeCSS(display)} !important; box-sizing: border-box !important;
      font-family: ${unsafeCSS(FONT)} !important; font-size: 14px !important; line-height: 1.45 !important;
      color: var(--ld-fg, #1f2933) !important; text-align: start !important; position: relative !important;
    }
    :host([hidden]) { display: none !important; }
    h1 { font-size: 22.4px; } h2 { font-size: 18.4px; } h3 { font-size: 16px; }
  `;
}

// The app's components size a few things in rem; in a host page rem is the host's choice.
const APP_FIXES = {
  'loudou-board': css`.col h2 { font-size: 15.68px; }`,
  'loudou-app': css`.brand { font-size: 17.6px; } h1 { font-size: 22.4px; }`,
};
const DISPLAY = { 'loudou-board': 'flex', 'loudou-app': 'flex' };
const applied = new WeakSet();

/** Adds the reset to an app component's shadow root (after Lit adopted its own styles). */
export async function isolate(el) {
  if (applied.has(el)) return;
  const tag = el.localName;
  await customElements.whenDefined(tag);
  await el.updateComplete;
  const root = el.shadowRoot;
  if (!root || applied.has(el)) return;
  applied.add(el);
  const sheets = [hostReset(DISPLAY[tag] ?? 'block'), css`:host { flex-direction: column !important; }`, APP_FIXES[tag]]
    .filter(Boolean).map((c) => c.styleSheet);
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, ...sheets];
}

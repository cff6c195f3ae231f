// Style isolation for embedded elements. Shadow DOM already keeps the host page's selectors out
// of our trees and ours out of the page, but three things still cross the boundary:
// inherited properties (font, color, line-height…), rules matching the custom element itself
// (a host's `* { font-size: 20px }` beats a normal `:host` rule) and `rem` units (relative to the
// host's <html>). `:host { all: initial !important }` wins over any normal host rule (important
// declarations from the shadow tree beat the outer page's), then we set our own font back; the
// app's rem sizes get fixed px values (what they are at the 16px default).
// Custom properties are not reset by `all`, so `loudou-board { --ld-accent: #c00 }` still themes.
//
// The app's components are reused as they are: this module hooks LitElement's createRenderRoot
// (the embed bundle's own copy of Lit, so only our elements) to add these sheets to every shadow
// root as it is created. It must be imported before any component module, because defining an
// element upgrades the ones already in the page at once.
import { LitElement, css, unsafeCSS } from 'lit';

const FONT = "system-ui, -apple-system, 'PingFang SC', 'Microsoft YaHei', 'WenQuanYi Micro Hei', sans-serif";

/** The reset for an element placed directly in the host page, laid out as `display`. */
export function hostReset(display = 'block') {
  return css`
    :host {
      all: initial !important; display: ${unsafeCSS(display)} !important; box-sizing: border-box !important;
      font-family: ${unsafeCSS(FONT)} !important; font-size: 14px !important; line-height: 1.45 !important;
      color: var(--ld-fg, #1f2933) !important; text-align: start !important; position: relative !important;
    }
    :host([hidden]) { display: none !important; }
  `;
}

// Every rem size in the app's components, in px.
const REM = css`h1 { font-size: 22.4px; } h2 { font-size: 18.4px; } h3 { font-size: 16px; }`;
const REM_BY_TAG = {
  'loudou-board': css`.col h2 { font-size: 15.68px; }`,
  'loudou-app': css`.brand { font-size: 17.6px; }`,
  'loudou-first-run': css`.choice strong { font-size: 16.8px; }`,
  'loudou-win-chance': css`.value { font-size: 24px; }`,
};
// App components that can sit directly in the host page, and how their :host lays out there.
const TOP = {
  'loudou-board': css`:host { display: flex !important; flex-direction: column !important; }`,
  'loudou-app': css`:host { display: flex !important; flex-direction: column !important; background: var(--ld-bg, #f5f7fa) !important; }`,
  'loudou-deal-drawer': css``, // added to the page by the embed when a card is opened
};

const create = LitElement.prototype.createRenderRoot;
LitElement.prototype.createRenderRoot = function createIsolatedRoot() {
  const root = create.call(this);
  if (!(root instanceof ShadowRoot)) return root;
  const tag = this.localName;
  const extra = [REM, REM_BY_TAG[tag]];
  // Only where the host page's rules can reach the element: not when the app nests it.
  if (TOP[tag] && this.getRootNode() === document) extra.push(hostReset(), TOP[tag]);
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, ...extra.filter(Boolean).map((c) => c.styleSheet)];
  return root;
};

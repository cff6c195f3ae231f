// Shared styles adopted into each component's shadow root (constructable stylesheets, which the
// strict CSP allows; no inline style attributes anywhere). Theme by custom properties on :host.
import { css } from 'lit';

export const base = css`
  :host {
    --ld-fg: #1f2933; --ld-muted: #616e7c; --ld-line: #d9e2ec; --ld-bg: #f5f7fa; --ld-card: #fff;
    --ld-accent: #1d4ed8; --ld-accent-fg: #fff; --ld-won: #0f7b3f; --ld-lost: #b42318; --ld-warn: #a15c00;
    --ld-radius: 8px;
    font-family: system-ui, -apple-system, 'PingFang SC', 'Microsoft YaHei', 'WenQuanYi Micro Hei', sans-serif;
    color: var(--ld-fg); font-size: 14px; line-height: 1.45; box-sizing: border-box;
  }
  *, *::before, *::after { box-sizing: inherit; }
  h1, h2, h3 { margin: 0 0 .5em; line-height: 1.25; }
  h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; } h3 { font-size: 1rem; }
  button, .btn {
    font: inherit; border: 1px solid var(--ld-line); background: #fff; color: var(--ld-fg);
    border-radius: 6px; padding: .45em .9em; cursor: pointer; min-height: 36px;
  }
  button:hover { border-color: #9aa5b1; }
  button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible, [tabindex]:focus-visible {
    outline: 3px solid #93b4f8; outline-offset: 1px;
  }
  button.primary { background: var(--ld-accent); color: var(--ld-accent-fg); border-color: var(--ld-accent); }
  button.danger { color: var(--ld-lost); border-color: #f0b4ae; }
  button.won { color: #fff; background: var(--ld-won); border-color: var(--ld-won); }
  button.lost { color: #fff; background: var(--ld-lost); border-color: var(--ld-lost); }
  button.link { border: none; background: none; color: var(--ld-accent); padding: .2em .3em; min-height: 0; text-decoration: underline; }
  button:disabled { opacity: .55; cursor: default; }
  input, select, textarea {
    font: inherit; color: inherit; border: 1px solid #bcccdc; border-radius: 6px; padding: .4em .55em;
    background: #fff; min-height: 36px; max-width: 100%;
  }
  label { display: flex; flex-direction: column; gap: .2em; font-size: .9em; color: var(--ld-muted); }
  label > input, label > select, label > textarea { color: var(--ld-fg); font-size: 1.05em; }
  .row { display: flex; gap: .6em; align-items: center; flex-wrap: wrap; }
  .grow { flex: 1; }
  .muted { color: var(--ld-muted); }
  .error { color: var(--ld-lost); }
  .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
  th, td { text-align: left; padding: .4em .6em; border-bottom: 1px solid var(--ld-line); }
  th { color: var(--ld-muted); font-weight: 600; font-size: .9em; }
  td.num, th.num { text-align: right; }
  .panel { background: #fff; border: 1px solid var(--ld-line); border-radius: var(--ld-radius); padding: 1em; }
  dialog {
    border: none; border-radius: 10px; padding: 1.2em; max-width: min(520px, calc(100vw - 24px));
    width: 100%; box-shadow: 0 12px 40px rgba(0,0,0,.25); color: var(--ld-fg);
  }
  dialog::backdrop { background: rgba(15, 23, 42, .45); }
  .form { display: grid; gap: .75em; }
  .form .actions { display: flex; gap: .6em; justify-content: flex-end; flex-wrap: wrap; margin-top: .4em; }
  .table-wrap { overflow-x: auto; }
`;

// <loudou-chart>: draws one ECharts option on a canvas inside its shadow root. The tooltip uses
// renderMode 'richText' (drawn on the canvas) because the HTML tooltip sets inline styles, which
// the app's CSP (no 'unsafe-inline') refuses. The chart's text is also in the table view.
import { LitElement, html, css } from 'lit';

let loading;
const loadEcharts = () => (loading ??= import('./echarts-setup.js').then((m) => m.echarts));

export class LoudouChart extends LitElement {
  static properties = { option: { attribute: false }, label: {} };
  static styles = css`:host { display: block; } .c { width: 100%; height: 340px; } @media (max-width: 600px) { .c { height: 300px; } }`;

  render() { return html`<div class="c" role="img" aria-label=${this.label || ''}></div>`; }

  async updated(changed) {
    if (!changed.has('option') || !this.option) return;
    const echarts = await loadEcharts();
    const el = this.renderRoot.querySelector('.c');
    this.chart ??= echarts.init(el, null, { renderer: 'canvas' });
    const option = { ...this.option, tooltip: { ...(this.option.tooltip || {}), renderMode: 'richText' }, animation: false };
    this.chart.setOption(option, true);
    this.resizer ??= new ResizeObserver(() => this.chart?.resize());
    this.resizer.observe(el);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.resizer?.disconnect();
    this.chart?.dispose();
    this.chart = null;
    this.resizer = null;
  }
}
customElements.define('loudou-chart', LoudouChart);

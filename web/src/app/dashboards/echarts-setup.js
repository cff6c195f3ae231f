// ECharts 6, only what the dashboards draw (funnel, bar, line; tooltip, grid, legend; canvas).
// Imported lazily by <loudou-chart>, so the board's first load never pays for it.
import * as echarts from 'echarts/core';
import { FunnelChart, BarChart, LineChart } from 'echarts/charts';
import { TooltipComponent, GridComponent, LegendComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([FunnelChart, BarChart, LineChart, TooltipComponent, GridComponent, LegendComponent, CanvasRenderer]);
export { echarts };

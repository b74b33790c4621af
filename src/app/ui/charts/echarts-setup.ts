// ECharts imported modularly: only the charts/components the studio draws are
// registered, so the initial bundle carries no unused series types.
import * as echarts from 'echarts/core';
import { CandlestickChart, CustomChart, HeatmapChart, LineChart, ScatterChart, BarChart } from 'echarts/charts';
import {
  AxisPointerComponent,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  MarkPointComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  CandlestickChart,
  CustomChart,
  HeatmapChart,
  LineChart,
  ScatterChart,
  BarChart,
  AxisPointerComponent,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  MarkPointComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

export { echarts };

/**
 * ECharts for the exchange: K-line (candlestick + volume), depth and index lines, drawn as SVG.
 * Registers the candlestick series and the zoom components beside the bureau dashboard's parts;
 * loaded only by the pages that chart.
 */
import { BarChart, CandlestickChart, LineChart, type BarSeriesOption, type CandlestickSeriesOption, type LineSeriesOption } from 'echarts/charts';
import {
  AxisPointerComponent,
  DataZoomInsideComponent,
  GridComponent,
  TooltipComponent,
  type DataZoomComponentOption,
  type GridComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEChart } from '../useEChart';

echarts.use([BarChart, LineChart, CandlestickChart, GridComponent, TooltipComponent, AxisPointerComponent, DataZoomInsideComponent, SVGRenderer]);

export type ExchangeChartOption = echarts.ComposeOption<
  BarSeriesOption | LineSeriesOption | CandlestickSeriesOption | GridComponentOption | TooltipComponentOption | DataZoomComponentOption
>;

/** Rise red, fall green: the Chinese market convention. */
export const UP = '#e03131';
export const DOWN = '#2f9e44';

const NO_DEFAULTS = {};

export function ExchangeChart({ option, height = 280, testId, ariaLabel, data }: { option: ExchangeChartOption; height?: number; testId?: string; ariaLabel: string; data?: Record<string, string> }) {
  const box = useEChart(option, NO_DEFAULTS);

  const dataAttrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(data ?? {})) dataAttrs[`data-${k}`] = v;
  return <div ref={box} className="echart ex-chart" style={{ height }} role="img" aria-label={ariaLabel} data-testid={testId} {...dataAttrs} />;
}

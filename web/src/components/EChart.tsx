/**
 * A small ECharts wrapper: line and bar charts with a grid and tooltip, drawn as
 * SVG (crisp on phones and in screenshots). Only these parts of ECharts are bundled, and only
 * by the pages that import this file.
 */
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts';
import { GridComponent, TooltipComponent, type GridComponentOption, type TooltipComponentOption } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEChart } from './useEChart';

echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, SVGRenderer]);

export type ChartOption = echarts.ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption | TooltipComponentOption>;

/** The app's palette for series: begonia rose first, then calm government blues and greens. */
export const CHART_COLORS = ['#d6336c', '#1c7ed6', '#2b8a3e', '#f59f00', '#7048e8', '#0c8599'];

const DEFAULTS = { color: CHART_COLORS };

export function EChart({ option, height = 280, testId, ariaLabel }: { option: ChartOption; height?: number; testId?: string; ariaLabel: string }) {
  const box = useEChart(option, DEFAULTS);
  return <div ref={box} className="echart" style={{ height }} role="img" aria-label={ariaLabel} data-testid={testId} />;
}

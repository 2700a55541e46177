/** K-line (daily candles with volume), depth and the Rongchang price-index charts. */
import { useMemo } from 'react';
import { useT } from '../../i18n';
import { DOWN, ExchangeChart, UP, type ExchangeChartOption } from './ExchangeChart';
import { yuan, type Book, type Candle, type IndexPoint } from './model';

const AXIS_LINE = { lineStyle: { color: '#e5e6eb' } };
const SPLIT = { lineStyle: { color: '#f0f1f4' } };

export function KLineChart({ candles, unitLabel, height = 320, testId = 'kline' }: { candles: Candle[]; unitLabel: string; height?: number; testId?: string }) {
  const { t } = useT();
  const option = useMemo<ExchangeChartOption>(() => {
    const days = candles.map((c) => c.t.slice(5));
    const start = candles.length > 40 ? Math.round((1 - 40 / candles.length) * 100) : 0;
    return {
      grid: [
        { left: 8, right: 12, top: 30, height: '58%', containLabel: true },
        { left: 8, right: 12, top: '78%', bottom: 8, containLabel: true },
      ],
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'cross' },
        confine: true,
        formatter: (params: unknown) => {
          const list = Array.isArray(params) ? (params as Array<{ dataIndex: number }>) : [];
          const c = candles[list[0]?.dataIndex ?? -1];
          if (!c) return '';
          return [
            c.t,
            `${t('ex.k.open')} ${yuan(c.open)}`,
            `${t('ex.k.high')} ${yuan(c.high)}`,
            `${t('ex.k.low')} ${yuan(c.low)}`,
            `${t('ex.k.close')} ${yuan(c.close)}`,
            `${t('ex.k.volume')} ${c.volume} ${t('ex.head')}`,
          ].join('<br/>');
        },
      },
      axisPointer: { link: [{ xAxisIndex: 'all' }] },
      dataZoom: [{ type: 'inside', xAxisIndex: [0, 1], start, end: 100 }],
      xAxis: [
        { type: 'category', data: days, boundaryGap: true, axisLine: AXIS_LINE, axisTick: { show: false }, axisLabel: { show: false } },
        { type: 'category', gridIndex: 1, data: days, boundaryGap: true, axisLine: AXIS_LINE, axisTick: { show: false } },
      ],
      yAxis: [
        { scale: true, name: unitLabel, nameTextStyle: { align: 'left' }, splitLine: SPLIT, axisLabel: { formatter: (v: number) => (v / 100).toFixed(2) } },
        { gridIndex: 1, splitNumber: 2, splitLine: { show: false }, axisLabel: { show: false } },
      ],
      series: [
        {
          type: 'candlestick',
          name: t('ex.kline'),
          data: candles.map((c) => [c.open, c.close, c.low, c.high]),
          itemStyle: { color: UP, color0: DOWN, borderColor: UP, borderColor0: DOWN },
        },
        {
          type: 'bar',
          name: t('ex.k.volume'),
          xAxisIndex: 1,
          yAxisIndex: 1,
          data: candles.map((c) => ({ value: c.volume, itemStyle: { color: c.close >= c.open ? '#ffa8a8' : '#8ce99a' } })),
          barMaxWidth: 10,
        },
      ],
    };
  }, [candles, unitLabel, t]);
  const last = candles[candles.length - 1];
  return (
    <ExchangeChart
      option={option}
      height={height}
      testId={testId}
      ariaLabel={t('ex.kline')}
      data={{ count: String(candles.length), last: last ? `${last.t}:${last.close}:${last.volume}` : '' }}
    />
  );
}

/** Cumulative quantity by price: bids (red, as 买盘 are in China) left of the spread, asks (green) right. */
export function DepthChart({ book, height = 200 }: { book: Book; height?: number }) {
  const { t } = useT();
  const option = useMemo<ExchangeChartOption>(() => {
    const bids: Array<[number, number]> = [];
    let sum = 0;
    for (const level of book.bids) {
      sum += level.quantity;
      bids.push([level.priceFen / 100, sum]);
    }
    bids.reverse();
    const asks: Array<[number, number]> = [];
    sum = 0;
    for (const level of book.asks) {
      sum += level.quantity;
      asks.push([level.priceFen / 100, sum]);
    }
    return {
      grid: { left: 8, right: 12, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', confine: true, valueFormatter: (v) => `${String(v)} ${t('ex.head')}` },
      xAxis: { type: 'value', scale: true, axisLine: AXIS_LINE, splitLine: { show: false }, axisLabel: { formatter: (v: number) => v.toFixed(2) } },
      yAxis: { type: 'value', splitLine: SPLIT, minInterval: 1 },
      series: [
        { type: 'line', name: t('ex.bids'), step: 'start', symbol: 'none', data: bids, lineStyle: { color: UP, width: 1.5 }, areaStyle: { color: 'rgba(224,49,49,0.12)' } },
        { type: 'line', name: t('ex.asks'), step: 'end', symbol: 'none', data: asks, lineStyle: { color: DOWN, width: 1.5 }, areaStyle: { color: 'rgba(47,158,68,0.15)' } },
      ],
    };
  }, [book, t]);
  return <ExchangeChart option={option} height={height} testId="depth-chart" ariaLabel={t('ex.depth')} />;
}

export function IndexChart({ points, height = 260 }: { points: IndexPoint[]; height?: number }) {
  const { t } = useT();
  const option = useMemo<ExchangeChartOption>(
    () => ({
      grid: { left: 8, right: 12, top: 24, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', confine: true, valueFormatter: (v) => Number(v).toFixed(2) },
      xAxis: { type: 'category', data: points.map((p) => p.t.slice(5)), axisLine: AXIS_LINE, axisTick: { show: false } },
      yAxis: { type: 'value', scale: true, name: t('ex.yuanPerKg'), splitLine: SPLIT, axisLabel: { formatter: (v: number) => v.toFixed(2) } },
      series: [{ type: 'line', name: t('ex.index'), data: points.map((p) => Math.round(p.value) / 100), symbol: 'none', smooth: true, lineStyle: { color: '#d6336c', width: 2 }, areaStyle: { color: 'rgba(214,51,108,0.08)' } }],
    }),
    [points, t],
  );
  const last = points[points.length - 1];
  return <ExchangeChart option={option} height={height} testId="index-chart" ariaLabel={t('ex.index')} data={{ count: String(points.length), last: last ? String(last.value) : '' }} />;
}

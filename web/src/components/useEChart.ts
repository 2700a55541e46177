/**
 * Mounts an ECharts instance (SVG renderer) on a div, resizes it with its box and applies the
 * option on every change. The charts and components a page needs are registered by the
 * wrapper that calls this (EChart for the dashboard, ExchangeChart for K-lines), so each page's
 * bundle carries only its own parts of ECharts.
 */
import * as echarts from 'echarts/core';
import { useEffect, useRef, type RefObject } from 'react';

export function useEChart(option: object, defaults: object): RefObject<HTMLDivElement | null> {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const instance = echarts.init(el, null, { renderer: 'svg' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ textStyle: { fontFamily: 'inherit' }, animation: false, ...defaults, ...option }, true);
  }, [option, defaults]);

  return box;
}

// A tiny ECharts wrapper. echarts is imported on demand, so it lands in its
// own chunk and only pages with charts load it.
import { useEffect, useRef } from 'react';
import type { EChartsCoreOption } from 'echarts/core';

type EChartsModule = typeof import('./echartsSetup');
let loading: Promise<EChartsModule> | null = null;
function loadECharts() {
  loading ??= import('./echartsSetup');
  return loading;
}

export function EChart({ option, height = 280, ariaLabel }: { option: EChartsCoreOption; height?: number; ariaLabel: string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<EChartsModule['echarts']['init']> | null>(null);
  useEffect(() => {
    let disposed = false;
    let ro: ResizeObserver | null = null;
    loadECharts().then(({ echarts }) => {
      if (disposed || !el.current) return;
      chart.current = echarts.init(el.current, undefined, { renderer: 'canvas' });
      chart.current.setOption(option);
      ro = new ResizeObserver(() => chart.current?.resize());
      ro.observe(el.current);
    });
    return () => {
      disposed = true;
      ro?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);
  return <div ref={el} role="img" aria-label={ariaLabel} style={{ width: '100%', height }} />;
}

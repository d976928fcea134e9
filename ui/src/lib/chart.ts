import type { DayCount } from "../bindings/DayCount";

export interface Bar {
  day: string;
  x: number;
  width: number;
  synced: { y: number; height: number };
  failed: { y: number; height: number };
}

/** Stacked bars (synced below, failed on top) for the days, scaled to the busiest day. */
export function chartBars(days: readonly DayCount[], width: number, height: number, gap = 4): { bars: Bar[]; max: number } {
  const max = Math.max(1, ...days.map((d) => d.synced + d.failed));
  const n = Math.max(1, days.length);
  const slot = width / n;
  const w = Math.max(1, slot - gap);
  const bars = days.map((d, i) => {
    const hs = (d.synced / max) * height;
    const hf = (d.failed / max) * height;
    return {
      day: d.day,
      x: i * slot + gap / 2,
      width: w,
      synced: { y: height - hs, height: hs },
      failed: { y: height - hs - hf, height: hf },
    };
  });
  return { bars, max };
}

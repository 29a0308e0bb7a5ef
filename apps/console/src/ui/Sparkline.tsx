import type { CapacityHistoryPoint } from '@spot-provisioner/model';
import { linePath, niceMax, totalCapacity, type Point2 } from '../series';

const WIDTH = 120;
const HEIGHT = 28;

/** Total capacity over the last hour, with the max capacity as the top when it is known. */
export function Sparkline({ points, label }: { points: readonly CapacityHistoryPoint[]; label: string }) {
  if (points.length < 2) return <span class="muted">—</span>;
  const series: Point2[] = points.map((p) => ({ t: Date.parse(p.time), v: totalCapacity(p) }));
  const t0 = series[0]?.t ?? 0;
  const t1 = series[series.length - 1]?.t ?? t0;
  const vMax = niceMax([...series.map((p) => p.v), ...points.map((p) => p.maxCapacity)]);
  return (
    <svg class="sparkline" width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
      <path d={linePath(series, t0, t1, vMax, WIDTH, HEIGHT - 2)} transform="translate(0,1)" />
    </svg>
  );
}

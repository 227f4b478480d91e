/** Small statistics used by every experiment: quantiles, means, log-log slope fits. */

/** The q-quantile of `sorted` (ascending) with linear interpolation (type 7, as R and NumPy). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** The q-quantile of unsorted values (copies, then sorts). NaN values are ignored. */
export function quantile(values: ArrayLike<number>, q: number): number {
  const finite = Float64Array.from(values).filter((v) => !Number.isNaN(v));
  finite.sort();
  return quantileSorted(finite, q);
}

export function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s / values.length;
}

/** Sample standard deviation (n − 1 in the denominator). */
export function stdev(values: ArrayLike<number>): number {
  const m = mean(values);
  let s = 0;
  for (let i = 0; i < values.length; i++) s += (values[i] - m) ** 2;
  return Math.sqrt(s / (values.length - 1));
}

export interface LineFit {
  slope: number;
  intercept: number;
  /** Coefficient of determination of the fit. */
  r2: number;
  /** Number of points used. */
  n: number;
}

/** Ordinary least squares y = intercept + slope·x over the finite pairs. */
export function linearFit(x: ArrayLike<number>, y: ArrayLike<number>): LineFit {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isFinite(x[i]) && Number.isFinite(y[i])) {
      n++;
      sx += x[i];
      sy += y[i];
    }
  }
  if (n < 2) return { slope: Number.NaN, intercept: Number.NaN, r2: Number.NaN, n };
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isFinite(x[i]) && Number.isFinite(y[i])) {
      sxx += (x[i] - mx) ** 2;
      sxy += (x[i] - mx) * (y[i] - my);
      syy += (y[i] - my) ** 2;
    }
  }
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx, r2: syy === 0 ? 1 : (sxy * sxy) / (sxx * syy), n };
}

/**
 * Least-squares slope of log y against log x, over the points with x, y > 0 and x inside
 * [xMin, xMax] (fit the asymptotic tail by passing xMin). The slope is the empirical rate exponent.
 */
export function logLogSlope(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  xMin = 0,
  xMax = Number.POSITIVE_INFINITY,
): LineFit {
  const lx: number[] = [];
  const ly: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (x[i] > 0 && y[i] > 0 && x[i] >= xMin && x[i] <= xMax) {
      lx.push(Math.log(x[i]));
      ly.push(Math.log(y[i]));
    }
  }
  return linearFit(lx, ly);
}

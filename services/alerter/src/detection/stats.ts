/** Robust statistics used by the seasonal baselines. */

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Median absolute deviation around `center`. */
export function medianAbsoluteDeviation(values: readonly number[], center = median(values)): number {
  return median(values.map((value) => Math.abs(value - center)));
}

/** 1.4826 × MAD estimates the standard deviation of normally distributed data. */
export const MAD_TO_SIGMA = 1.4826;

export interface Baseline {
  /** What history predicts for the window. */
  expected: number;
  /** Spread used to judge a surprise (never below `minScale`). */
  scale: number;
  samples: number;
}

/**
 * Median and scaled MAD of the history samples. `sameHour` are the samples at exactly the same hour of
 * the week: at the edge of a recurring peak the neighbouring hours pull the median down, so the level is
 * the larger of the two medians. Counts add the Poisson variance of the observation itself (at least 1),
 * so a quiet brand whose history is all zeros does not turn 3 mentions into an infinite surprise.
 */
export function robustBaseline(samples: readonly number[], options: { counts: boolean; minScale: number; sameHour?: readonly number[] }): Baseline {
  const center = median(samples);
  const expected = options.sameHour?.length ? Math.max(center, median(options.sameHour)) : center;
  const spread = MAD_TO_SIGMA * medianAbsoluteDeviation(samples, center);
  const scale = options.counts ? Math.sqrt(spread * spread + Math.max(expected, 1)) : spread;
  return { expected, scale: Math.max(scale, options.minScale), samples: samples.length };
}

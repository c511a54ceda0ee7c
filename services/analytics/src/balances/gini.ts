import { strict as assert } from 'node:assert';
import { roundRatio } from '../overview/ratio';

/**
 * The Gini coefficient of balances sorted ascending (x_1 <= ... <= x_n, i from 1):
 * G = (2 * Σ i*x_i) / (n * Σ x) - (n + 1) / n. 0 when there is at most one balance or they sum to 0.
 */
export function gini(ascending: readonly number[]): number {
  const n = ascending.length;
  let sum = 0;
  let weighted = 0;
  for (let i = 0; i < n; i += 1) {
    const x = ascending[i];
    assert(x >= 0, 'user balances are never negative');
    assert(i === 0 || ascending[i - 1] <= x, 'balances must be sorted ascending');
    sum += x;
    weighted += (i + 1) * x;
  }
  if (n <= 1 || sum === 0) return 0;
  return roundRatio((2 * weighted) / (n * sum) - (n + 1) / n);
}

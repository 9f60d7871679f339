/**
 * The scaling exponent of each variant's largest measurement (1 = linear, 2 = quadratic): from
 * 100 to 1,000 teams when both were measured, else between the two largest sizes.
 */
import { exponent } from './format';
import { Measurement } from '../sections/types';

export function withExponents(rows: Measurement[]): Measurement[] {
  const sizes = [...new Set(rows.map((r) => r.teams as number))].sort((a, b) => a - b);
  if (sizes.length < 2) return rows;
  const [from, to] = sizes.includes(100) && sizes.includes(1000) ? [100, 1000] : sizes.slice(-2);
  return rows.map((r) => {
    if (r.teams !== to) return r;
    const small = rows.find((s) => s.variant === r.variant && s.teams === from)!;
    return { ...r, exponent: round(exponent(from, small.wallMs, to, r.wallMs)), exponentFrom: from };
  });
}

/** Three decimals, for ratios and exponents in the JSON lines. */
export function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

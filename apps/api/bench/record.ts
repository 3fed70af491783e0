import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';

/** Flat figures; a growth curve or a per-level table may be an object or a list (printed as JSON). */
export type Figures = Record<string, number | string | object>;

/** Prints the figures as a table and writes bench/results/<name>.json (a flat object plus `date`). */
export function recordBench(name: string, figures: Figures): void {
  const out = { ...figures, date: new Date().toISOString() };
  const dir = join(__dirname, '..', '..', '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(out, null, 2)}\n`);
  const w = Math.max(...Object.keys(out).map((k) => k.length));
  console.log(`\n${name}`);
  for (const [k, v] of Object.entries(out)) console.log(`  ${k.padEnd(w)}  ${typeof v === 'number' ? fmt(v) : typeof v === 'object' ? JSON.stringify(v) : v}`);
  console.log(`  → bench/results/${name}.json`);
}

function fmt(v: number): string {
  if (v !== 0 && Math.abs(v) < 0.001) return v.toExponential(2);
  return Number.isInteger(v) ? v.toLocaleString('en-US') : v.toFixed(v < 10 ? 3 : 1);
}

/** The q-quantile (0..1) of a list of numbers. */
export function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

/** Deterministic pseudo-random numbers in (0, 1) (Park–Miller), so every run draws the same cases. */
export function seededRandom(seed: number): () => number {
  let a = seed;
  return () => (a = (a * 16807) % 2147483647) / 2147483647;
}

/** `name=value` arguments given after the bench's name (`npm run bench routing sizes=small,full`). */
export function benchArg(name: string, fallback: string): string {
  const a = process.argv.find((x) => x.startsWith(`${name}=`));
  return a ? a.slice(name.length + 1) : fallback;
}

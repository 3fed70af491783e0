/** Twelve route colours that stay apart on the basemap and against each other, then the golden angle round the hue circle. */
const PALETTE = ['#1565c0', '#00838f', '#6a1b9a', '#2e7d32', '#ef6c00', '#4527a0', '#ad1457', '#37474f', '#827717', '#0277bd', '#8d6e63', '#c2185b'];

export function routeColour(k: number): string {
  return k < PALETTE.length ? PALETTE[k] : `hsl(${Math.round((k * 137.508) % 360)}, 70%, 35%)`;
}

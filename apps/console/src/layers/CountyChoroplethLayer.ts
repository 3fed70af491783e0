import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import GeoJSON from 'ol/format/GeoJSON';
import { Fill, Stroke, Style, Text } from 'ol/style';
import type { FeatureLike } from 'ol/Feature';
import { getJson } from '../api';

export type CountyFigure = { value: number | null; label: string };

/** Green within the standard, yellow up to 8 minutes, red beyond; grey without records. */
export function arrivalColour(seconds: number | null, thresholdS: number): string {
  if (seconds === null) return 'rgba(176,190,197,0.35)';
  if (seconds <= thresholdS) return 'rgba(67,160,71,0.55)';
  if (seconds <= 480) return 'rgba(251,192,45,0.6)';
  return 'rgba(229,57,53,0.6)';
}

/** The counties coloured by a figure (first arrival), each labelled with it; the rest of the map stays as it is. */
export class CountyChoroplethLayer extends VectorLayer<VectorSource> {
  readonly ready: Promise<number>;
  private figures = new Map<number, CountyFigure>();
  private thresholdS = 300;
  private colourOf: ((value: number | null) => string) | null = null;

  constructor(onError: (e: Error) => void) {
    const source = new VectorSource();
    super({ source, properties: { name: 'county-choropleth' }, zIndex: 5 });
    this.setStyle((f: FeatureLike) => this.styleOf(f));
    this.ready = getJson<object>('/api/admin-areas?level=county&simplify=0.002').then(
      (fc) => {
        source.addFeatures(new GeoJSON().readFeatures(fc, { featureProjection: 'EPSG:3857' }));
        return source.getFeatures().length;
      },
      (e: Error) => {
        onError(e);
        return 0;
      },
    );
  }

  /** Each county's figure; coloured as a first-arrival time against `thresholdS`, or by `colourOf` (another figure, such as a share). */
  show(figures: Map<number, CountyFigure>, thresholdS: number, colourOf?: (value: number | null) => string): void {
    this.figures = figures;
    this.thresholdS = thresholdS;
    this.colourOf = colourOf ?? null;
    this.changed();
  }

  private styleOf(f: FeatureLike): Style {
    const fig = this.figures.get(Number(f.get('adcode')));
    return new Style({
      fill: new Fill({ color: this.colourOf ? this.colourOf(fig?.value ?? null) : arrivalColour(fig?.value ?? null, this.thresholdS) }),
      stroke: new Stroke({ color: 'rgba(69,90,100,0.6)', width: 0.8 }),
      text: fig
        ? new Text({
            text: `${String(f.get('name') ?? '')}\n${fig.label}`,
            font: '600 11px "Noto Sans CJK SC", "Microsoft YaHei", sans-serif',
            fill: new Fill({ color: '#263238' }),
            stroke: new Stroke({ color: 'rgba(255,255,255,0.9)', width: 3 }),
          })
        : undefined,
    });
  }
}

import type Map from 'ol/Map';
import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import Feature from 'ol/Feature';
import GeoJSON from 'ol/format/GeoJSON';
import Draw from 'ol/interaction/Draw';
import Polygon, { circular } from 'ol/geom/Polygon';
import { fromLonLat, toLonLat } from 'ol/proj';
import { Fill, Stroke, Style } from 'ol/style';

export type LonLat = [number, number];

const areaStyle = new Style({ fill: new Fill({ color: 'rgba(229, 57, 53, 0.18)' }), stroke: new Stroke({ color: '#c62828', width: 2, lineDash: [10, 6] }) });

/**
 * 公众预警的范围 on the map, as the public will be told it: a circle (drawn geodesically, as CAP means
 * it), a polygon the commander draws, or whole counties. One area at a time; `fit` brings it into view.
 */
export class CapAreaLayer extends VectorLayer<VectorSource> {
  private readonly src = new VectorSource();
  private draw: Draw | null = null;

  constructor() {
    super({ zIndex: 44, properties: { name: 'cap-area' }, style: areaStyle });
    this.setSource(this.src);
  }

  circle(center: LonLat, radiusM: number): void {
    this.put([new Feature(circular(center, radiusM, 96).transform('EPSG:4326', 'EPSG:3857'))]);
  }

  polygon(ring: LonLat[]): void {
    this.put(ring.length >= 3 ? [new Feature(new Polygon([[...ring, ring[0]].map((p) => fromLonLat(p))]))] : []);
  }

  /** Counties by their GeoJSON geometry (WGS84). */
  counties(geometries: object[]): void {
    const f = new GeoJSON();
    this.put(geometries.map((g) => new Feature(f.readGeometry(g, { dataProjection: 'EPSG:4326', featureProjection: 'EPSG:3857' }) ?? undefined)));
  }

  clear(): void {
    this.put([]);
  }

  /** The drawn area's extent (map projection), or null. */
  extent(): number[] | null {
    return this.src.getFeatures().length ? this.src.getExtent() : null;
  }

  /** Lets the commander draw a polygon on the map; `done` has its ring (WGS84). */
  startDrawing(map: Map, done: (ring: LonLat[]) => void): void {
    this.stopDrawing(map);
    this.clear();
    const draw = new Draw({ source: this.src, type: 'Polygon' });
    draw.on('drawend', (e) => {
      const ring = (e.feature.getGeometry() as Polygon)
        .getCoordinates()[0]
        .map((c) => toLonLat(c) as LonLat)
        .slice(0, -1);
      this.stopDrawing(map);
      done(ring.map(([lon, lat]) => [Math.round(lon * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6]));
    });
    map.addInteraction(draw);
    this.draw = draw;
  }

  stopDrawing(map: Map): void {
    if (this.draw) map.removeInteraction(this.draw);
    this.draw = null;
  }

  private put(features: Feature[]): void {
    this.src.clear();
    this.src.addFeatures(features);
    document.body.dataset.capArea = String(features.length);
  }
}

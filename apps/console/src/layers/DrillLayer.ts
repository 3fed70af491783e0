import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import Feature from 'ol/Feature';
import LineString from 'ol/geom/LineString';
import Point from 'ol/geom/Point';
import { fromLonLat } from 'ol/proj';
import { Circle, Fill, RegularShape, Stroke, Style, Text } from 'ol/style';

export type DrillMark = {
  drillId: number;
  station: { lon: number; lat: number; name: string };
  point: { lon: number; lat: number };
  arrived: boolean;
  label: string;
};

const lineStyle = new Style({ stroke: new Stroke({ color: '#7b1fa2', width: 2, lineDash: [8, 6] }) });
const stationStyle = new Style({ image: new Circle({ radius: 6, fill: new Fill({ color: '#fff' }), stroke: new Stroke({ color: '#7b1fa2', width: 3 }) }) });
const pointStyle = (arrived: boolean, label: string) =>
  new Style({
    image: new RegularShape({
      points: 5,
      radius: 11,
      radius2: 5,
      fill: new Fill({ color: arrived ? '#2e7d32' : '#7b1fa2' }),
      stroke: new Stroke({ color: '#fff', width: 1.5 }),
    }),
    text: new Text({
      text: label,
      offsetY: -20,
      font: 'bold 13px sans-serif',
      fill: new Fill({ color: '#4a148c' }),
      stroke: new Stroke({ color: '#fff', width: 3 }),
    }),
  });

/** 演练 on the map: each drilled station joined by a dashed purple line to its drill point (a star: purple while the units are on the way, green once they are there). */
export class DrillLayer extends VectorLayer<VectorSource> {
  private readonly src = new VectorSource();

  constructor() {
    super({ zIndex: 45, properties: { name: 'drills' } });
    this.setSource(this.src);
  }

  show(marks: readonly DrillMark[]): void {
    this.src.clear();
    for (const m of marks) {
      const a = fromLonLat([m.station.lon, m.station.lat]),
        b = fromLonLat([m.point.lon, m.point.lat]);
      const line = new Feature({ geometry: new LineString([a, b]) });
      line.setStyle(lineStyle);
      const station = new Feature({ geometry: new Point(a), name: m.station.name });
      station.setStyle(stationStyle);
      const point = new Feature({ geometry: new Point(b), drillId: m.drillId });
      point.setStyle(pointStyle(m.arrived, m.label));
      this.src.addFeatures([line, station, point]);
    }
  }

  extent(): number[] | null {
    return this.src.getFeatures().length ? this.src.getExtent() : null;
  }
}

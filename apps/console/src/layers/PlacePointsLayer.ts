import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import Feature from 'ol/Feature';
import Point from 'ol/geom/Point';
import { fromLonLat } from 'ol/proj';
import { Circle, Fill, Stroke, Style } from 'ol/style';

/** Places marked on the map as dots of one colour (e.g. the places beyond 5 minutes of every station), each named on hover. */
export class PlacePointsLayer extends VectorLayer<VectorSource> {
  private readonly src = new VectorSource();

  constructor(name: string, colour: string, radius = 4) {
    super({
      zIndex: 40,
      properties: { name },
      style: new Style({ image: new Circle({ radius, fill: new Fill({ color: colour }), stroke: new Stroke({ color: '#fff', width: radius > 4 ? 2 : 1 }) }) }),
    });
    this.setSource(this.src);
  }

  show(points: ReadonlyArray<{ id: number; name: string; lon: number; lat: number }>): void {
    this.src.clear();
    this.src.addFeatures(points.map((p) => new Feature({ geometry: new Point(fromLonLat([p.lon, p.lat])), id: p.id, name: p.name })));
  }
}

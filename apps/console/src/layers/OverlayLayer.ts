import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import Feature from 'ol/Feature';
import LineString from 'ol/geom/LineString';
import Point from 'ol/geom/Point';
import { fromLonLat } from 'ol/proj';
import { Circle, Fill, RegularShape, Stroke, Style, Text } from 'ol/style';
import type { FeatureLike } from 'ol/Feature';

/** A road route; `to` is where it really ends (the incident), drawn dashed from the road when off it. */
export type RouteLine = { coordinates: Array<[number, number]>; label?: string; colour?: string; to?: [number, number] };

/** What a view draws on top: routes (each in its colour, labelled), and one marked point (the call's location). */
export class OverlayLayer extends VectorLayer<VectorSource> {
  private readonly src = new VectorSource();

  constructor() {
    // declutter: route labels make way for each other instead of piling up where routes converge
    super({ zIndex: 45, declutter: true, properties: { name: 'overlay' }, style: (f: FeatureLike) => OverlayLayer.style(f) });
    this.setSource(this.src);
  }

  setRoutes(routes: RouteLine[]): void {
    const src = this.src;
    src
      .getFeatures()
      .filter((f) => f.get('kind') === 'route' || f.get('kind') === 'offroad')
      .forEach((f) => src.removeFeature(f));
    src.addFeatures(
      routes
        .filter((r) => r.coordinates.length > 1)
        .map(
          (r) =>
            new Feature({
              geometry: new LineString(r.coordinates.map((c) => fromLonLat(c))),
              kind: 'route',
              label: r.label ?? '',
              colour: r.colour ?? '#1565c0',
            }),
        ),
    );
    for (const r of routes) {
      const end = r.coordinates[r.coordinates.length - 1];
      if (r.to && end && Math.hypot(end[0] - r.to[0], end[1] - r.to[1]) > 0.0002) {
        src.addFeature(new Feature({ geometry: new LineString([fromLonLat(end), fromLonLat(r.to)]), kind: 'offroad', colour: r.colour ?? '#1565c0' }));
      }
    }
    document.body.dataset.routes = String(routes.length);
  }

  setPoint(lonLat: [number, number] | null, label = ''): void {
    const src = this.src;
    src
      .getFeatures()
      .filter((f) => f.get('kind') === 'point')
      .forEach((f) => src.removeFeature(f));
    if (lonLat) src.addFeature(new Feature({ geometry: new Point(fromLonLat(lonLat)), kind: 'point', label }));
  }

  /** A disaster's assembly point (集结点) and the road from it to the scene; null removes them. */
  setAssembly(a: { lon: number; lat: number; label: string; route: Array<[number, number]> | null } | null): void {
    const src = this.src;
    src
      .getFeatures()
      .filter((f) => f.get('kind') === 'assembly' || f.get('kind') === 'assembly-route')
      .forEach((f) => src.removeFeature(f));
    document.body.dataset.assembly = a ? `${a.lon.toFixed(4)},${a.lat.toFixed(4)}` : '';
    if (!a) return;
    if (a.route && a.route.length > 1) src.addFeature(new Feature({ geometry: new LineString(a.route.map((c) => fromLonLat(c))), kind: 'assembly-route' }));
    src.addFeature(new Feature({ geometry: new Point(fromLonLat([a.lon, a.lat])), kind: 'assembly', label: a.label }));
  }

  /** The extent of what is drawn (map projection), or null. */
  drawnExtent(): number[] | null {
    return this.src.getFeatures().length ? this.src.getExtent() : null;
  }

  private static style(f: FeatureLike): Style[] {
    if (f.get('kind') === 'point') {
      return [
        new Style({
          image: new Circle({ radius: 9, fill: new Fill({ color: 'rgba(198,40,40,0.35)' }), stroke: new Stroke({ color: '#c62828', width: 3 }) }),
          text: new Text({
            text: String(f.get('label')),
            offsetY: -18,
            font: 'bold 12px sans-serif',
            fill: new Fill({ color: '#b71c1c' }),
            stroke: new Stroke({ color: '#fff', width: 3 }),
          }),
        }),
      ];
    }
    if (f.get('kind') === 'assembly') {
      return [
        new Style({
          image: new RegularShape({ points: 3, radius: 12, fill: new Fill({ color: '#6a1b9a' }), stroke: new Stroke({ color: '#fff', width: 2 }) }),
          text: new Text({
            text: String(f.get('label')),
            offsetY: -20,
            font: 'bold 12px "Noto Sans CJK SC", sans-serif',
            fill: new Fill({ color: '#4a148c' }),
            stroke: new Stroke({ color: '#fff', width: 3 }),
          }),
          zIndex: 10,
        }),
      ];
    }
    if (f.get('kind') === 'assembly-route') return [new Style({ stroke: new Stroke({ color: '#6a1b9a', width: 5, lineDash: [10, 6] }) })];
    const colour = String(f.get('colour'));
    if (f.get('kind') === 'offroad') return [new Style({ stroke: new Stroke({ color: colour, width: 2, lineDash: [6, 6] }) })];
    return [
      new Style({ stroke: new Stroke({ color: '#fff', width: 7 }) }),
      new Style({
        stroke: new Stroke({ color: colour, width: 4 }),
        text: new Text({
          text: String(f.get('label')),
          placement: 'line',
          font: '12px "Noto Sans CJK SC", sans-serif',
          fill: new Fill({ color: colour }),
          stroke: new Stroke({ color: '#fff', width: 3 }),
        }),
      }),
    ];
  }
}

import type Map from 'ol/Map';
import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import Feature from 'ol/Feature';
import Point from 'ol/geom/Point';
import { fromLonLat, transformExtent } from 'ol/proj';
import { Circle, Fill, Stroke, Style, Text } from 'ol/style';
import type { FeatureLike } from 'ol/Feature';
import { getJson } from '../api';

export type IotCell = { lon: number; lat: number; devices: number; offline: number; alarms: number };

/**
 * The 智赣119 terminals on the map as cells the server counted (a million points never reach the
 * browser): a circle sized by how many, red with an open alarm, orange when many are offline; read
 * again when the view moves and when an alarm comes in.
 */
export class IotCellLayer extends VectorLayer<VectorSource> {
  private map: Map | null = null;
  private pending = 0;

  constructor() {
    super({ source: new VectorSource(), zIndex: 35, properties: { name: 'iot-cells' }, style: (f: FeatureLike) => IotCellLayer.style(f) });
  }

  attach(map: Map): void {
    this.map = map;
    map.addLayer(this);
    map.on('moveend', () => void this.reload());
    void this.reload();
  }

  async reload(): Promise<void> {
    const map = this.map;
    const size = map?.getSize();
    if (!map || !size) return;
    const ticket = ++this.pending;
    const box = transformExtent(map.getView().calculateExtent(size), 'EPSG:3857', 'EPSG:4326').map((v, i) =>
      Math.max(i % 2 ? -89 : -179, Math.min(i % 2 ? 89 : 179, v)),
    );
    const zoom = Math.max(0, Math.min(22, Math.round(map.getView().getZoom() ?? 7)));
    const { cells } = await getJson<{ cells: IotCell[] }>(`/api/iot/cells?bbox=${box.map((v) => v.toFixed(4)).join(',')}&zoom=${zoom}`);
    if (ticket !== this.pending) return; // a later move answered first
    this.getSource()?.clear(true);
    this.getSource()?.addFeatures(cells.map((c) => new Feature({ geometry: new Point(fromLonLat([c.lon, c.lat])), ...c })));
    document.body.dataset.iotCells = String(cells.length);
  }

  private static style(f: FeatureLike): Style {
    const devices = Number(f.get('devices'));
    const alarms = Number(f.get('alarms'));
    const offline = Number(f.get('offline'));
    const colour = alarms > 0 ? '#d50000' : offline / devices > 0.2 ? '#ef6c00' : '#1565c0';
    const radius = Math.min(28, 6 + Math.log10(Math.max(1, devices)) * 5);
    return new Style({
      zIndex: alarms > 0 ? 2 : 1,
      image: new Circle({ radius, fill: new Fill({ color: `${colour}${alarms > 0 ? 'dd' : '88'}` }), stroke: new Stroke({ color: '#fff', width: 1.5 }) }),
      text: new Text({
        text: devices >= 1000 ? `${Math.round(devices / 1000)}k` : String(devices),
        font: 'bold 11px "Noto Sans CJK SC", sans-serif',
        fill: new Fill({ color: '#fff' }),
      }),
    });
  }
}

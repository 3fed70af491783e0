import Map from 'ol/Map';
import View from 'ol/View';
import { fromLonLat } from 'ol/proj';
import { defaults as defaultControls, ScaleLine } from 'ol/control';

/** Jiangxi's extent in WGS84, with a margin. */
export const JIANGXI_CENTER: [number, number] = [115.8, 27.6];

/** The map, centred on Jiangxi. Layers are added by the views. */
export function createMap(target: HTMLElement): Map {
  return new Map({
    target,
    controls: defaultControls({ attribution: false }).extend([new ScaleLine({ units: 'metric' })]),
    view: new View({ center: fromLonLat(JIANGXI_CENTER), zoom: 7, minZoom: 5, maxZoom: 19 }),
  });
}

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

/** Opens the view given in the URL hash (#zoom=14&lon=115.88&lat=28.68), if any; returns whether it did. */
export function applyHashView(map: Map): boolean {
  const h = new URLSearchParams(location.hash.slice(1));
  const zoom = Number(h.get('zoom')),
    lon = Number(h.get('lon')),
    lat = Number(h.get('lat'));
  if (!h.has('zoom') || ![zoom, lon, lat].every(Number.isFinite)) return false;
  map.getView().setCenter(fromLonLat([lon, lat]));
  map.getView().setZoom(zoom);
  return true;
}

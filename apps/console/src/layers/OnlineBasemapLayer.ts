import TileLayer from 'ol/layer/Tile';
import XYZ from 'ol/source/XYZ';
import { addCoordinateTransforms, get as getProjection, Projection } from 'ol/proj';
import { createXYZ } from 'ol/tilegrid';
import type { Coordinate } from 'ol/coordinate';
import { gcj02Mercator } from '@gan119/geo';

export type Basemap = { url: string; crs: 'WGS84' | 'GCJ02'; attribution: string };

let gcjProjection: Projection | null = null;

/**
 * Web Mercator tiles drawn in GCJ-02: a projection of their own, tied to EPSG:3857 by the GCJ-02
 * shift, so OpenLayers warps the tiles onto the true (WGS84) positions of our data.
 */
function gcj02WebMercator(): Projection {
  if (gcjProjection) return gcjProjection;
  const web = getProjection('EPSG:3857');
  if (!web) throw new Error('EPSG:3857 is not registered');
  gcjProjection = new Projection({ code: 'GCJ02:3857', units: 'm', extent: web.getExtent(), global: true });
  const each = (fn: (xy: [number, number]) => [number, number]) => (c: Coordinate) => fn([c[0], c[1]]);
  addCoordinateTransforms(web, gcjProjection, each(gcj02Mercator.fromWgs84), each(gcj02Mercator.toWgs84));
  return gcjProjection;
}

/** An online raster basemap under our own vector map, when one is configured (BASEMAP_URL). */
export function onlineBasemapLayer(b: Basemap): TileLayer<XYZ> {
  const source =
    b.crs === 'GCJ02'
      ? new XYZ({
          url: b.url,
          projection: gcj02WebMercator(),
          tileGrid: createXYZ({ extent: getProjection('EPSG:3857')?.getExtent(), maxZoom: 18 }),
          crossOrigin: 'anonymous',
        })
      : new XYZ({ url: b.url, maxZoom: 18, crossOrigin: 'anonymous' });
  let loaded = 0;
  source.on('tileloadend', () => (document.body.dataset.basemapTiles = String(++loaded)));
  return new TileLayer({ source, zIndex: -1, opacity: 0.85, properties: { name: 'online-basemap', crs: b.crs } });
}

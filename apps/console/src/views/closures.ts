import type Map from 'ol/Map';
import type { MapBrowserEvent } from 'ol';
import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import GeoJSON from 'ol/format/GeoJSON';
import { toLonLat } from 'ol/proj';
import { Stroke, Style } from 'ol/style';
import { getJson, postJson } from '../api';
import { onLang, t } from '../i18n/i18n';
import { errorText } from '../i18n/errors';
import { actorText } from './desk/timeline';
import { clock, h, setChildren } from '../labels';

type Closure = { type: 'Feature'; properties: { id: number; reason: string; closedAt: string; closedBy: string }; geometry: unknown };

/**
 * The road-closure tool of the command view: arm it, click a road on the map, it is closed (routing
 * avoids it at once) and drawn in red; each active closure can be reopened from the list.
 */
export function closureTool(map: Map, onChanged: () => void): HTMLElement {
  const source = new VectorSource();
  map.addLayer(
    new VectorLayer({
      source,
      zIndex: 42,
      properties: { name: 'closures' },
      style: [
        new Style({ stroke: new Stroke({ color: '#fff', width: 9 }) }),
        new Style({ stroke: new Stroke({ color: '#d50000', width: 5, lineDash: [10, 6] }) }),
      ],
    }),
  );
  const box = h('div', { className: 'section', id: 'closures' });
  const reason = h('input', { type: 'text', id: 'closure-reason', maxLength: 200, style: 'flex:1' });
  let armed = false;
  let closures: Closure[] = [];
  let error = '';
  const cursor = (on: boolean) => {
    const target = map.getTargetElement();
    if (target) target.style.cursor = on ? 'crosshair' : '';
  };

  const load = async () => {
    const fc = await getJson<{ features: Closure[] }>('/api/roads/closures');
    closures = fc.features;
    source.clear();
    source.addFeatures(new GeoJSON().readFeatures(fc, { featureProjection: 'EPSG:3857' }));
    document.body.dataset.closures = String(closures.length);
    render();
  };

  function render(): void {
    reason.placeholder = t('closureReason');
    setChildren(
      box,
      h('h2', {}, `${t('closures')} (${closures.length})`),
      h(
        'div',
        { className: 'row' },
        reason,
        h(
          'button',
          {
            id: 'closure-arm',
            className: armed ? 'primary' : '',
            onclick: () => {
              armed = !armed;
              cursor(armed);
              render();
            },
          },
          armed ? t('closureClickRoad') : t('closeRoad'),
        ),
      ),
      error ? h('div', { className: 'error-text' }, error) : null,
      h(
        'table',
        { className: 'list' },
        ...closures.map((c) =>
          h(
            'tr',
            { dataset: { closure: String(c.properties.id) } },
            h('td', {}, c.properties.reason, h('div', { className: 'why' }, `${clock(c.properties.closedAt)} · ${actorText(c.properties.closedBy, {})}`)),
            h('td', {}, h('button', { className: 'link', onclick: () => void reopen(c.properties.id) }, t('reopen'))),
          ),
        ),
      ),
    );
  }

  async function reopen(id: number): Promise<void> {
    await postJson(`/api/roads/closures/${id}/reopen`, { note: t('reopenedFromConsole') });
    await load();
    onChanged();
  }

  map.on('singleclick', (e: MapBrowserEvent) => {
    if (!armed) return;
    const [lon, lat] = toLonLat(e.coordinate);
    armed = false;
    cursor(false);
    postJson('/api/roads/closures', { at: { lon, lat }, reason: reason.value.trim() || t('closureDefaultReason') }).then(
      async () => {
        error = '';
        reason.value = '';
        await load();
        onChanged();
      },
      (err: Error) => {
        error = errorText(err);
        render();
      },
    );
  });
  onLang(render); // the panel follows the language toggle like the rest of the page
  void load();
  return box;
}

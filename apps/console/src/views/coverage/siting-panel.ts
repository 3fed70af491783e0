import type Map from 'ol/Map';
import { postJson } from '../../api';
import { errorText } from '../../i18n/errors';
import { t } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/catalogue';
import { h, setChildren, textLine } from '../../labels';
import { SitesLayer } from '../../layers/SitesLayer';
import { downloadCsv } from '../../csv';

type Figures = { weight: number; places: number; keyUnits: number };
type Proposal = { rank: number; lon: number; lat: number; near: string | null; countyAdcode: number | null; gain: number; places: number; keyUnits: number };
type SitingAnswer = { before: Figures; after: Figures; demand: Figures; candidates: number; proposals: Proposal[]; computedMs: number };

/**
 * 选址: n new stations proposed where they cover most of what no station reaches within 5 minutes,
 * numbered on the map; the planner drags a site and sees what each adds change; the table exports as CSV.
 */
export function sitingPanel(map: Map, turnout: () => 'excluded' | 'included', countyName: (adcode: number | null) => string) {
  let answer: SitingAnswer | null = null;
  let seq = 0;
  const layer = new SitesLayer(map, (sites) => void run(() => postJson<SitingAnswer>('/api/coverage/siting/evaluate', { sites, turnout: turnout() }), true));
  const n = h('input', { type: 'number', id: 'siting-n', min: '1', max: '115', value: '10' });
  const status = h('div', { className: 'hint', id: 'siting-status' });
  const statusLine = textLine(status);
  const say = statusLine.say;
  const body = h('div', { id: 'siting-body' });
  const element = h('section', { className: 'section', id: 'coverage-siting' });

  const csv = () => {
    if (!answer) return;
    const head = (['covRank', 'covNear', 'covArea', 'covLon', 'covLat', 'covGainPlaces', 'covGainKeyUnits', 'covGainWeight'] as MessageKey[]).map((k) => t(k));
    const rows = answer.proposals.map((p) => [p.rank, p.near ?? '', countyName(p.countyAdcode), p.lon.toFixed(6), p.lat.toFixed(6), p.places, p.keyUnits, p.gain]);
    downloadCsv('gan119-siting.csv', head, rows);
  };

  const render = () => {
    statusLine.again();
    setChildren(
      element,
      h(
        'div',
        { className: 'stats-head' },
        h('h3', { textContent: t('covSiting') }),
        h('label', { textContent: `${t('covSitingN')} ` }, n),
        h('button', { type: 'button', id: 'siting-run', textContent: t('covSitingRun'), onclick: () => void propose() }),
        answer ? h('button', { type: 'button', className: 'export', dataset: { format: 'csv' }, textContent: t('statsCsv'), onclick: csv }) : null,
      ),
      status,
      body,
    );
    if (!answer) return setChildren(body, h('div', { className: 'hint', textContent: t('covSitingHint') }));
    const a = answer;
    setChildren(
      body,
      h('div', {
        className: 'hint',
        id: 'siting-summary',
        textContent: `${t('covSitingPlaces')} ${a.before.places} → ${a.after.places} / ${a.demand.places} · ${t('covSitingKeyUnits')} ${a.before.keyUnits} → ${a.after.keyUnits} / ${a.demand.keyUnits}`,
      }),
      h(
        'table',
        {},
        h('thead', {}, h('tr', {}, ...(['covRank', 'covNear', 'covArea', 'covGainPlaces', 'covGainKeyUnits'] as MessageKey[]).map((k) => h('th', { textContent: t(k) })))),
        h(
          'tbody',
          {},
          ...a.proposals.map((p) =>
            h(
              'tr',
              { className: 'pickable', onclick: () => map.getView().animate({ center: layer.getSource()?.getFeatures().find((f) => f.get('rank') === p.rank)?.getGeometry()?.getExtent().slice(0, 2), zoom: 11, duration: 300 }) },
              h('td', { textContent: String(p.rank) }),
              h('td', { textContent: p.near ?? t('covMovedSite') }),
              h('td', { textContent: countyName(p.countyAdcode) }),
              h('td', { className: 'num', textContent: String(p.places) }),
              h('td', { className: 'num', textContent: String(p.keyUnits) }),
            ),
          ),
        ),
      ),
    );
  };

  /** Asks for an answer (proposed, or the planner's sites scored), shows it; `moved`: the sites stay where the planner put them. */
  const run = async (ask: () => Promise<SitingAnswer>, moved: boolean) => {
    const mine = ++seq;
    const t0 = performance.now();
    say(() => t('covSitingComputing'));
    document.body.dataset.sitingLoading = 'true';
    try {
      const a = await ask();
      if (mine !== seq) return;
      // scored sites keep the names of the proposals they were (a moved one has none of its own)
      const before = answer?.proposals ?? [];
      const same = (p: Proposal, q: Proposal | undefined) => q !== undefined && Math.abs(p.lon - q.lon) < 1e-9 && Math.abs(p.lat - q.lat) < 1e-9;
      answer = moved ? { ...a, proposals: a.proposals.map((p, i) => (same(p, before[i]) ? { ...p, near: before[i].near, countyAdcode: before[i].countyAdcode } : p)) } : a;
      if (!moved) {
        layer.show(a.proposals);
        // every proposed site in view
        const extent = layer.getSource()?.getExtent();
        if (extent && Number.isFinite(extent[0])) map.getView().fit(extent, { padding: [80, 80, 80, 80], maxZoom: 11, duration: 300 });
      }
      const took = ((performance.now() - t0) / 1000).toFixed(1);
      say(() => `${t('covComputedIn')} ${took} s · ${a.candidates} ${t('covSitingCandidates')}`);
      render();
      document.body.dataset.sitingCount = String(a.proposals.length);
      document.body.dataset.sitingPlaces = String(a.after.places);
    } catch (e) {
      if (mine === seq) say(() => errorText(e));
    } finally {
      if (mine === seq) delete document.body.dataset.sitingLoading;
    }
  };

  const propose = () => run(() => postJson<SitingAnswer>('/api/coverage/siting', { n: Number(n.value), turnout: turnout() }), false);

  render();
  return { element, render };
}

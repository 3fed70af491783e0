import { DAY_MS as DAY, INCIDENT_LEVELS, INCIDENT_TYPES, localDate, startOfLocalDate } from '@gan119/dispatch';
import { getJson } from '../../api';
import { t } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/catalogue';
import { h, levelLabel, setChildren, typeLabel } from '../../labels';

type Area = { adcode: number; name: string; parentAdcode: number | null };
/** A local (Asia/Shanghai) date, YYYY-MM-DD. */
const PARAMS = ['from', 'to', 'city', 'county', 'station', 'unit', 'type', 'level', 'origins', 'processing', 'turnoutFire', 'arrival'] as const;
export type StatsParams = Partial<Record<(typeof PARAMS)[number], string>> & { stationName?: string; unitName?: string };

/**
 * The statistics' filters: period (with 7/30/90/365-day shortcuts), city and county, type, level,
 * which records, the thresholds; a station or unit picked from a table shows as a chip to clear. The
 * state lives in the page's address, so a view can be bookmarked or sent.
 */
export class StatsFilters {
  readonly element = h('form', { className: 'section stats-filters', id: 'stats-filters' });
  private cities: Area[] = [];
  private counties: Area[] = [];
  private state: StatsParams;

  constructor(private readonly onApply: (p: StatsParams) => void) {
    const q = new URLSearchParams(location.search);
    this.state = Object.fromEntries(PARAMS.filter((k) => q.get(k)).map((k) => [k, q.get(k) as string]));
    this.state.from ??= localDate(Date.now() - 29 * DAY);
    this.state.to ??= localDate(Date.now()); // the last day shown, inclusive
    this.element.addEventListener('submit', (e) => {
      e.preventDefault();
      this.apply();
    });
    void Promise.all([
      getJson<{ features: Array<{ properties: Area }> }>('/api/admin-areas?level=city&simplify=0.05'),
      getJson<{ features: Array<{ properties: Area }> }>('/api/admin-areas?level=county&simplify=0.05'),
    ]).then(([c, k]) => {
      this.cities = c.features.map((f) => f.properties);
      this.counties = k.features.map((f) => f.properties);
      this.render();
    });
  }

  get params(): StatsParams {
    return { ...this.state };
  }

  /** Narrows to a county, station or unit (from the map or a table) and applies. */
  pick(p: Partial<StatsParams>): void {
    Object.assign(this.state, p);
    this.render();
    this.apply();
  }

  private apply(): void {
    const q = new URLSearchParams(location.search);
    for (const k of PARAMS) {
      const v = this.state[k];
      if (v) q.set(k, v);
      else q.delete(k);
    }
    history.replaceState(null, '', `?${q.toString()}`);
    this.onApply(this.params);
  }

  render(): void {
    const s = this.state;
    const set = (k: keyof StatsParams) => (e: Event) => {
      s[k] = (e.target as HTMLInputElement).value || undefined;
      if (k === 'city') s.county = undefined;
      if (k === 'city') this.render();
    };
    const select = (id: string, k: keyof StatsParams, options: Array<[string, string]>) =>
      h(
        'select',
        { id, onchange: set(k) },
        h('option', { value: '', textContent: t('statsAll') }),
        ...options.map(([v, label]) => h('option', { value: v, textContent: label, selected: s[k] === v })),
      );
    const cities = this.cities;
    const counties = this.counties.filter((a) => !s.city || String(a.parentAdcode) === s.city);
    const quick = (days: number, key: MessageKey) =>
      h('button', {
        type: 'button',
        className: 'link',
        textContent: t(key),
        onclick: () => this.pick({ from: localDate(Date.now() - (days - 1) * DAY), to: localDate(Date.now()) }),
      });
    const origins = (s.origins ?? 'live,import,synthetic').split(',');
    const originBox = (o: string, key: MessageKey) =>
      h(
        'label',
        {},
        h('input', {
          type: 'checkbox',
          value: o,
          checked: origins.includes(o),
          onchange: (e: Event) => {
            const on = new Set(origins);
            if ((e.target as HTMLInputElement).checked) on.add(o);
            else on.delete(o);
            s.origins = on.size === 3 ? undefined : [...on].join(',') || 'live';
          },
        }),
        t(key),
      );
    const num = (id: string, k: keyof StatsParams, placeholder: string) =>
      h('input', { id, type: 'number', min: '1', max: '3600', step: '1', value: s[k] ?? '', placeholder, onchange: set(k), className: 'short' });
    const chip = (label: string, clear: Partial<StatsParams>) =>
      h(
        'span',
        { className: 'chip filter-chip' },
        label,
        ' ',
        h('button', { type: 'button', className: 'link', textContent: '×', title: t('statsClearFilter'), onclick: () => this.pick(clear) }),
      );
    setChildren(
      this.element,
      h(
        'div',
        { className: 'row' },
        h('label', {}, `${t('statsFrom')} `, h('input', { id: 'stats-from', type: 'date', value: s.from ?? '', onchange: set('from') })),
        h('label', {}, `${t('statsTo')} `, h('input', { id: 'stats-to', type: 'date', value: s.to ?? '', onchange: set('to') })),
        quick(7, 'statsDays7'),
        quick(30, 'statsDays30'),
        quick(90, 'statsDays90'),
        quick(365, 'statsDays365'),
      ),
      h(
        'div',
        { className: 'row' },
        h(
          'label',
          {},
          `${t('statsCity')} `,
          select(
            'stats-city',
            'city',
            cities.map((a) => [String(a.adcode), a.name]),
          ),
        ),
        h(
          'label',
          {},
          `${t('statsCounty')} `,
          select(
            'stats-county',
            'county',
            counties.map((a) => [String(a.adcode), a.name]),
          ),
        ),
        h(
          'label',
          {},
          `${t('statsType')} `,
          select(
            'stats-type',
            'type',
            INCIDENT_TYPES.map((x) => [x, typeLabel(x)]),
          ),
        ),
        h(
          'label',
          {},
          `${t('statsLevel')} `,
          select(
            'stats-level',
            'level',
            INCIDENT_LEVELS.map((l) => [String(l), levelLabel(l)]),
          ),
        ),
      ),
      h(
        'div',
        { className: 'row' },
        `${t('statsOrigins')}: `,
        originBox('live', 'statsOriginLive'),
        originBox('import', 'statsOriginImport'),
        originBox('synthetic', 'statsOriginSynthetic'),
      ),
      h(
        'div',
        { className: 'row' },
        `${t('statsThresholds')}: ${t('statsProcessingT')} `,
        num('stats-processing', 'processing', '60'),
        ` ${t('statsTurnoutT')} `,
        num('stats-turnout', 'turnoutFire', '80'),
        ` ${t('statsArrivalT')} `,
        num('stats-arrival', 'arrival', '300'),
        h('button', { type: 'submit', className: 'primary', id: 'stats-apply', textContent: t('statsApply') }),
      ),
      s.station || s.unit
        ? h(
            'div',
            { className: 'row' },
            s.station ? chip(`${t('statsStation')}: ${s.stationName ?? s.station}`, { station: undefined, stationName: undefined }) : null,
            s.unit ? chip(`${t('statsUnit')}: ${s.unitName ?? s.unit}`, { unit: undefined, unitName: undefined }) : null,
          )
        : null,
    );
  }

  /** The API query of the current filters: the last day is shown inclusive, and asked as the next day's start. */
  static query(p: StatsParams): string {
    const q = new URLSearchParams();
    for (const k of PARAMS) if (p[k]) q.set(k, p[k] as string);
    if (p.to && /^\d{4}-\d{2}-\d{2}$/.test(p.to)) q.set('to', localDate(startOfLocalDate(p.to) + DAY));
    return q.toString();
  }
}

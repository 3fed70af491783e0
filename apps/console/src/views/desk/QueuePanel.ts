import { byUrgency, INCIDENT_TYPES, IncidentSummary } from '@gan119/dispatch';
import { getJson } from '../../api';
import { errorText } from '../../i18n/errors';
import { t } from '../../i18n/i18n';
import { chip, h, levelColour, levelShort, setChildren, typeLabel } from '../../labels';

/** Where a call came from, when not a phone: 110 转警, another agency, a 智赣119 alarm. */
function sourceBadge(source: string | undefined): HTMLElement | null {
  if (source !== '110' && source !== 'agency' && source !== 'iot') return null;
  return chip(t(`sourceBadge_${source}`), source === 'iot' ? '#6a1b9a' : '#1565c0');
}

export type QueueOptions = { cities: Array<{ adcode: number; name: string }>; select(i: IncidentSummary): void; selected(): number | null };

/**
 * 警情队列: open incidents (or the day's, all states) most urgent first — waiting for dispatch, then
 * level, people trapped, the longest wait — with filters by city and type and a search by number,
 * address or caller's phone; each row's timer counts the wait.
 */
export class QueuePanel {
  readonly element = h('div', { className: 'section', id: 'queue' });
  private list: IncidentSummary[] = [];
  private readonly filter = { all: false, city: '', type: '', q: '' };
  private error: string | null = null;
  private readonly search = h('input', { type: 'search', id: 'queue-search', maxLength: 60 });

  constructor(private readonly o: QueueOptions) {
    this.search.oninput = () => {
      this.filter.q = this.search.value.trim();
      void this.reload();
    };
    window.setInterval(() => this.renderRows(), 1000);
  }

  async reload(): Promise<void> {
    const q = new URLSearchParams({ limit: '200' });
    if (this.filter.all) {
      q.set('open', 'false');
      q.set('hours', '24'); // the day's incidents
    }
    if (this.filter.city) q.set('city', this.filter.city);
    if (this.filter.type) q.set('type', this.filter.type);
    if (this.filter.q) q.set('q', this.filter.q);
    try {
      this.list = byUrgency((await getJson<{ incidents: IncidentSummary[] }>(`/api/incidents?${q}`)).incidents);
      this.error = null;
    } catch (e) {
      this.error = errorText(e);
    }
    this.render();
  }

  private readonly rows = h('table', { className: 'list' });

  render(): void {
    const select = (id: string, value: string, options: Array<[string, string]>, on: (v: string) => void) => {
      const s = h('select', { id }, ...options.map(([v, text]) => h('option', { value: v, textContent: text })));
      s.value = value;
      s.onchange = () => on(s.value);
      return s;
    };
    this.search.placeholder = t('searchIncidents');
    const set = (k: 'city' | 'type', v: string) => {
      this.filter[k] = v;
      void this.reload();
    };
    setChildren(
      this.element,
      h('h2', {}, `${t('queue')} (${this.list.length})`),
      h(
        'div',
        { className: 'row' },
        select(
          'queue-scope',
          this.filter.all ? 'all' : 'open',
          [
            ['open', t('queueOpen')],
            ['all', t('queueAll')],
          ],
          (v) => {
            this.filter.all = v === 'all';
            void this.reload();
          },
        ),
        select('queue-city', this.filter.city, [['', t('allCities')], ...this.o.cities.map((c): [string, string] => [String(c.adcode), c.name])], (v) =>
          set('city', v),
        ),
        select('queue-type', this.filter.type, [['', t('allTypes')], ...INCIDENT_TYPES.map((x): [string, string] => [x, typeLabel(x)])], (v) => set('type', v)),
      ),
      h('div', { className: 'row' }, this.search),
      this.error ? h('div', { className: 'error-text' }, this.error) : null,
      this.rows,
    );
    this.renderRows();
  }

  private renderRows(): void {
    const now = Date.now();
    setChildren(
      this.rows,
      ...this.list.map((q) => {
        const s = Math.max(0, (now - Date.parse(q.reportedAt)) / 1000);
        const trapped = q.callFacts?.trapped;
        return h(
          'tr',
          {
            className: `clickable${this.o.selected() === q.id ? ' selected' : ''}`,
            dataset: { incident: String(q.id), state: q.state },
            onclick: () => this.o.select(q),
          },
          h('td', {}, chip(levelShort(q.level), levelColour(q.level))),
          h(
            'td',
            {},
            `#${q.id} ${typeLabel(q.type)}`,
            trapped ? chip(`${t('trappedBadge')}${trapped > 0 ? ` ${trapped}` : ''}`, '#c62828') : null,
            sourceBadge((q as IncidentSummary & { source?: string }).source),
            h('div', { className: 'why' }, [q.countyName ?? q.cityName, q.address].filter(Boolean).join(' · ')),
          ),
          h('td', {}, t(`state_${q.state}`)),
          h(
            'td',
            { className: s > 180 && q.state === 'new' ? 'late' : '' },
            q.state === 'closed' ? '' : `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`,
          ),
        );
      }),
    );
  }
}

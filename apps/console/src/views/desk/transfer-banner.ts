import type { IncidentNewMessage } from '@gan119/dispatch';
import { fill } from '../../i18n/errors';
import { t } from '../../i18n/i18n';
import { h, setChildren, typeLabel } from '../../labels';
import { beep } from '../../live/live';

/**
 * 转警: another agency's incident arriving on the desk sounds like a call and stays in view (over the
 * map) until the dispatcher opens it or says so; several in a row are listed newest first.
 */
export function transferBanner(open: (id: number) => void): { element: HTMLElement; arrived(m: IncidentNewMessage): void; render(): void } {
  const element = h('div', { id: 'transfers', className: 'alerts transfers', hidden: true });
  let waiting: IncidentNewMessage[] = [];
  const render = () => {
    element.hidden = !waiting.length;
    document.body.dataset.transfers = waiting.map((m) => m.id).join(',');
    setChildren(
      element,
      ...waiting.map((m) =>
        h(
          'div',
          { className: 'alert alert-transfer', dataset: { transfer: String(m.id) } },
          h('div', {}, h('b', {}, fill(t('transferArrived'), { partner: m.partner ?? m.source })), ` #${m.id} ${typeLabel(m.type)}`),
          h('div', { className: 'why' }, m.address ?? ''),
          h(
            'div',
            { className: 'row' },
            h('button', { type: 'button', className: 'primary small', onclick: () => done(m.id, true) }, t('transferOpen')),
            h('button', { type: 'button', className: 'link', onclick: () => done(m.id, false) }, t('transferDismiss')),
          ),
        ),
      ),
    );
  };
  const done = (id: number, go: boolean) => {
    waiting = waiting.filter((m) => m.id !== id);
    render();
    if (go) open(id);
  };
  return {
    element,
    render,
    arrived(m) {
      beep();
      waiting = [m, ...waiting.filter((x) => x.id !== m.id)].slice(0, 5);
      render();
    },
  };
}

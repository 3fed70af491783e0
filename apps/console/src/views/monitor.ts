import { fromLonLat } from 'ol/proj';
import { onLang, t } from '../i18n/i18n';
import { h, setChildren } from '../labels';
import { IotCellLayer } from '../layers/IotCellLayer';
import { beep, connectLive } from '../live/live';
import type { Shell } from '../shell';
import { AlarmList } from './monitor/AlarmList';
import { TroubleList } from './monitor/TroubleList';

/**
 * 监控中心: the 智赣119 terminals as the monitoring operator works them — alarms to verify with their
 * countdown and the duty contact to call, confirm (to the desk) or false alarm (with why); the counts;
 * offline and faulty terminals by building; the terminals on the map as cells, alarms in red.
 */
export async function monitorView(shell: Shell): Promise<void> {
  const cells = new IotCellLayer();
  cells.attach(shell.map);
  const troubles = new TroubleList();
  const alarms = new AlarmList({
    openIncident: (id) => window.open(`?view=dispatch&incident=${id}`, '_blank'),
    focus: (a) => shell.map.getView().animate({ center: fromLonLat([a.lon, a.lat]), zoom: 16, duration: 400 }),
    newAlarm: () => beep(),
  });
  const legend = h('div', { className: 'section hint', id: 'iot-legend' });
  setChildren(shell.panel, troubles.summary, alarms.element, troubles.element, legend);
  onLang(() => {
    legend.textContent = t('iotMapLegend');
    alarms.render();
    troubles.render();
  });
  const all = () => Promise.all([alarms.reload(), troubles.reload(), cells.reload()]);
  await all();
  window.setInterval(() => void troubles.reload(), 30_000);

  const live = await connectLive({ kind: 'console' }, shell.setLive);
  // the snapshot comes once the socket is in its rooms: what came in before it (or while the connection was down) is read now
  live.on('snapshot', (s) => {
    shell.units.applySnapshot(s);
    void all();
  });
  live.on('iot:alarm', () => void Promise.all([alarms.reload(), troubles.reload(), cells.reload()]));
}

import 'ol/ol.css';
import './style.css';
import { session } from './auth';
import { createShell } from './shell';
import { commandView } from './views/command';
import { dispatchView } from './views/dispatch';
import { signInView } from './views/sign-in';
import { tabletView } from './views/tablet';
import { monitorView } from './views/monitor';
import { statsView } from './views/stats';
import { coverageView } from './views/coverage';
import { drillsView } from './views/drills';

const shell = createShell();
const views = {
  command: commandView,
  dispatch: dispatchView,
  monitor: monitorView,
  stats: statsView,
  coverage: coverageView,
  drills: drillsView,
  tablet: tabletView,
};

async function start(): Promise<void> {
  const config = await shell.config;
  if (config.authRequired && !session()) return signInView(shell);
  await views[shell.view](shell);
}
void start().catch((e: Error) => shell.showError(e));

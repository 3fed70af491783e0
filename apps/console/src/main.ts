import 'ol/ol.css';
import './style.css';
import { createShell } from './shell';
import { commandView } from './views/command';
import { dispatchView } from './views/dispatch';
import { tabletView } from './views/tablet';

const shell = createShell();
const views = { command: commandView, dispatch: dispatchView, tablet: tabletView };
void views[shell.view](shell).catch((e: Error) => shell.showError(e));

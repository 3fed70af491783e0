import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ClientToServerEvents, IncidentChange, IncidentChangedMessage, rooms, ServerToClientEvents } from '@gan119/dispatch';
import type { Server } from 'socket.io';
import { APP_CONFIG, AppConfig } from '../config/config';
import { listen, Listener } from '../infra/db/listener';
import { IncidentRepository } from '../dispatch/incident.repository';

const CHANNEL = 'gan119_incident';
const CHANGES: readonly IncidentChange[] = ['new', 'level', 'state', 'closed', 'reopened', 'merged', 'updated'];

/**
 * Pushes every committed incident change to the consoles over the incident's place. The database
 * announces each change (trigger incident_changed, whatever process or worker made it); every API
 * process listens and tells only its own sockets (socket.io's local emit), so each console hears it
 * once however many processes run. When the listening connection drops, changes may have been
 * missed: on reconnecting, this process's consoles are told to read the list again.
 */
@Injectable()
export class IncidentPush implements OnApplicationShutdown {
  private readonly log = new Logger('IncidentPush');
  private server: Server<ClientToServerEvents, ServerToClientEvents> | null = null;
  private listener: Listener | null = null;
  private stopped = false;

  constructor(
    private readonly incidents: IncidentRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  attach(server: Server<ClientToServerEvents, ServerToClientEvents>): void {
    this.server = server;
    void this.keepListening();
  }

  private async keepListening(): Promise<void> {
    let first = true;
    while (!this.stopped) {
      try {
        this.listener = await listen(this.config.db.url, `gan119-${this.config.role}-incidents`, CHANNEL, (p) => void this.onChange(p));
        if (!first) this.server?.local.emit('incidents:reload');
        first = false;
        await this.listener.lost;
      } catch (e) {
        this.log.warn(`incident changes not heard (consoles are told to reload when it is back): ${(e as Error).message}`);
      }
      await this.listener?.close();
      if (!this.stopped) await new Promise((r) => setTimeout(r, 1000));
    }
  }

  private async onChange(payload: string | undefined): Promise<void> {
    let ev: { id: number; change: IncidentChange };
    try {
      ev = JSON.parse(payload ?? '') as { id: number; change: IncidentChange };
    } catch {
      return;
    }
    if (!Number.isInteger(ev.id) || !CHANGES.includes(ev.change)) return;
    try {
      const row = await this.incidents.byId(ev.id);
      if (!row || !this.server) return;
      const { id, type, level, state, lon, lat, address, cityName, countyName, reportedAt, callFacts } = row;
      const m: IncidentChangedMessage = {
        change: ev.change,
        incident: { id, type, level, state, lon, lat, address, cityName, countyName, reportedAt, callFacts },
      };
      this.server.local.to(rooms.consoles(row.cityAdcode, row.countyAdcode)).emit('incident:changed', m);
    } catch (e) {
      this.log.warn(`incident ${ev.id} change not pushed: ${(e as Error).message}`);
      this.server?.local.emit('incidents:reload');
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.listener?.close();
  }
}

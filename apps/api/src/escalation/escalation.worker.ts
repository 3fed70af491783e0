import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Capability } from '@gan119/resources';
import { Worker } from 'bullmq';
import Redis from 'ioredis';
import { Db } from '../infra/db/unit-of-work';
import { APP_CONFIG, AppConfig } from '../config/config';
import { withTimeout } from '../common/with-timeout';
import { closeRedis } from '../infra/redis/client-safety';
import { AvlService } from '../forces/avl.service';
import { RoutingService } from '../roads/routing.service';
import { proposeReplacement, Replacement } from '../dispatch/propose-replacement';
import { PlanRepository } from '../dispatch/plan.repository';
import { DomainError } from '../common/errors';
import { LiveFeed } from '../live/live-feed';
import { bullConnection, ESCALATION_QUEUE, EscalationQueue, OrderAckTimeoutJob } from '../orders/escalation.queue';
import { escalateOrder, overdueOrders, pendingOrders, ReplacementUnit, SendReplacement, waitingOrder, WaitingOrder } from '../orders/escalate-order';
import { assignWithin } from '../dispatch/assign-units';
import type { OrderToSend } from '../live/live-feed';

/** How many next-best units an escalation tries to send before it alerts without a replacement. */
const MAX_REPLACEMENT_TRIES = 3;

/**
 * The escalation worker: takes the ack-timeout jobs; at start-up re-creates the timers of every order
 * still waiting (from PostgreSQL), and every sweep interval escalates any overdue order directly from
 * the record, so a wiped or restarted Redis delays an escalation but never loses it. Escalating is
 * idempotent (the order's state decides), so a job run twice, or by the job and the sweep, acts once.
 */
@Injectable()
export class EscalationWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('EscalationWorker');
  private worker: Worker<OrderAckTimeoutJob> | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private workerConnection: Redis | null = null;
  /** escalations handled by this process (tests and metrics) */
  handled = 0;

  constructor(
    private readonly db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queue: EscalationQueue,
    private readonly routing: RoutingService,
    private readonly avl: AvlService,
    private readonly feed: LiveFeed,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const connection = bullConnection(this.config.redis.url);
    connection.on('error', () => undefined);
    this.workerConnection = connection;
    this.worker = new Worker<OrderAckTimeoutJob>(ESCALATION_QUEUE, (job) => this.escalate(job.data.orderId), {
      connection,
      prefix: `${this.config.redis.prefix}bull`,
      concurrency: 4,
      lockDuration: this.config.escalation.lockMs,
      stalledInterval: Math.max(500, Math.floor(this.config.escalation.lockMs / 2)),
    });
    this.worker.on('error', (e) => this.log.warn(`escalation worker: ${e.message}`));
    // in the background: start-up never waits on Redis (the sweep covers whatever this misses)
    void this.rebuildTimers().catch((e: Error) => this.log.warn(`timers not rebuilt: ${e.message}`));
    this.sweepTimer = setInterval(() => void this.sweep(), this.config.escalation.sweepS * 1000);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    // with Redis down a graceful close would wait on it for ever: force it (a job left running is retried, and escalating is idempotent)
    const force = this.workerConnection?.status !== 'ready';
    await withTimeout(this.worker?.close(force) ?? Promise.resolve(), 3000, 'worker close').catch(() => undefined);
    if (this.workerConnection) closeRedis(this.workerConnection); // BullMQ leaves a connection it was given open
  }

  /** Every order still waiting gets its timer back, with the time it has left. */
  async rebuildTimers(): Promise<number> {
    const pending = await pendingOrders(this.db, this.config.escalation.ackS);
    for (const p of pending) await this.queue.schedule([p.id], p.remainingMs);
    if (pending.length) this.log.log(`escalation timers rebuilt for ${pending.length} waiting orders`);
    return pending.length;
  }

  /** Escalates every overdue order straight from the record (the safety net under Redis). */
  async sweep(): Promise<void> {
    try {
      for (const id of await overdueOrders(this.db, this.config.escalation.ackS)) await this.escalate(id);
    } catch (e) {
      this.log.warn(`sweep: ${(e as Error).message}`);
    }
  }

  /**
   * Marks the order unacknowledged (once) and alerts the consoles with the next-best unit; when the
   * incident's plan says so, that unit is assigned in the same transaction and its order pushed and
   * timed like any other. A replacement that can no longer be assigned (taken meanwhile) falls back
   * to the alert alone: the escalation itself never waits on it.
   */
  async escalate(orderId: string): Promise<'escalated' | 'noop'> {
    if (!(await waitingOrder(this.db, orderId))) return 'noop';
    // the proposal needs the road graph: a process that has just started waits for it (bounded), so an
    // escalation right after a restart proposes, and auto-dispatches, like any other
    await this.roadsReady();
    const waiting = await waitingOrder(this.db, orderId); // acknowledged or withdrawn while we waited?
    if (!waiting) return 'noop';
    const autoRedispatch = (await this.db.get(PlanRepository).get(waiting.type, waiting.level)).autoRedispatch;
    // a proposal taken meanwhile (two escalations at once pick the same next-best unit, or the desk sent
    // it) is proposed again without it, a few times, before the escalation alerts with no replacement
    const exclude = [waiting.unitId];
    let proposal: Replacement = null;
    let e = null;
    for (let attempt = 1; ; attempt++) {
      proposal = await this.propose(orderId, waiting, exclude);
      const auto = autoRedispatch ? proposal : null;
      try {
        e = await escalateOrder(this.db, orderId, auto ? { unit: auto, send: sendInstead(auto) } : null, proposal);
        break;
      } catch (err) {
        if (!(err instanceof DomainError) || !auto) throw err;
        exclude.push(auto.unitId);
        if (attempt < MAX_REPLACEMENT_TRIES) continue;
        this.log.warn(`replacement ${auto.unitId} for order ${orderId} not assigned (${err.message}), tried ${attempt} units: alerting only`);
        e = await escalateOrder(this.db, orderId, null, proposal);
        break;
      }
    }
    if (!e) return 'noop';
    this.handled++;
    const autoDispatched = e.replacementOrderId && proposal ? { unitId: proposal.unitId, orderId: e.replacementOrderId } : null;
    const alert = { orderId, unitId: e.unitId, incidentId: e.incidentId, capability: e.capability, proposal, autoDispatched };
    this.feed.unacknowledged(alert, e);
    if (autoDispatched && e.replacementOrder) await this.dispatchReplacement(e.replacementOrder);
    this.log.warn(
      `order ${orderId} of unit ${e.unitId} not acknowledged in ${this.config.escalation.ackS} s: escalated${autoDispatched ? `, unit ${autoDispatched.unitId} sent instead` : ''}`,
    );
    return 'escalated';
  }

  private async propose(orderId: string, waiting: WaitingOrder, exclude: number[]): Promise<Replacement> {
    try {
      return await proposeReplacement({ db: this.db, routing: this.routing, avl: this.avl }, waiting.incidentId, waiting.capability as Capability, exclude);
    } catch (err) {
      this.log.warn(`no replacement proposed for order ${orderId}: ${(err as Error).message}`);
      return null;
    }
  }

  /**
   * Resolves when this process's road graph has loaded (or there is none), or after
   * ESCALATION_GRAPH_WAIT_S: an escalation never waits for ever, it then alerts without a proposal.
   */
  private async roadsReady(): Promise<void> {
    const waiting = () => ['loading', 'failed'].includes(this.routing.graphStatus().state); // a failed load is tried again
    if (!waiting()) return;
    const waitS = this.config.escalation.graphWaitS;
    const deadline = Date.now() + waitS * 1000;
    while (waiting() && Date.now() < deadline) {
      const left = deadline - Date.now();
      await withTimeout(this.routing.whenLoaded(), left, 'road graph').catch(() => undefined);
      if (this.routing.graphStatus().state === 'failed') await new Promise((r) => setTimeout(r, Math.min(500, Math.max(0, deadline - Date.now()))));
    }
    if (waiting()) this.log.error(`road graph not ready after ${waitS} s (${this.routing.graphStatus().state}): escalating without a proposal`);
  }

  /** The replacement's order goes out like any other: pushed to its tablet (as the assignment built it), with its own ack timer. */
  private async dispatchReplacement(r: OrderToSend): Promise<void> {
    await this.queue
      .schedule([r.message.orderId])
      .catch((err: Error) => this.log.warn(`ack timer of ${r.message.orderId} not set (the sweep covers it): ${err.message}`));
    this.feed.orders([r]);
    await this.feed.unitsChanged([r.message.unitId]);
  }
}

/** The dispatch side of an auto re-dispatch: the next-best unit assigned inside the escalation's transaction. */
const sendInstead =
  (unit: ReplacementUnit): SendReplacement =>
  async (tx, o) => {
    const r = await assignWithin(tx, { incidentId: o.incidentId, units: [{ ...unit, capability: o.capability }], by: 'system:escalation' });
    return { message: r.assignments[0].order, ...r.area };
  };

import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Periodic } from '../common/periodic';
import { Db } from '../infra/db/unit-of-work';
import { PartnerRepository } from './partner.repository';
import { enqueueFor } from './request-partner';

/**
 * The worker's update duty (every second): a shared incident whose version moved past what its
 * partner was last sent (status, level, units, closing) gets the incident as it stands in the
 * partner's outbox. State-based, so nothing is missed across a restart: the versions say what is
 * owed. What a partner told us does not move our version, so it is never sent back to them.
 */
@Injectable()
export class PartnerUpdates implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger('PartnerUpdates');
  private readonly duty = new Periodic(this.log, 'partner updates', 1000, () => this.publish().then(() => undefined));

  constructor(private readonly db: Db) {}

  onModuleInit(): void {
    this.duty.start();
  }

  onApplicationShutdown(): void {
    this.duty.stop();
  }

  /** Enqueues what is owed; answers how many updates it wrote. Safe in several workers at once (the link is locked and re-read). */
  async publish(limit = 200): Promise<number> {
    let n = 0;
    for (const s of await this.db.get(PartnerRepository).staleLinks(limit)) {
      const wrote = await this.db.transaction(async (tx) => {
        const partners = tx.get(PartnerRepository);
        const link = await partners.link(s.id, true);
        if (!link || link.sentVersion >= s.version) return false;
        const p = await partners.partner(link.partnerId);
        if (!p) return false;
        await enqueueFor(tx, p, link, 'update');
        return true;
      });
      if (wrote) n++;
    }
    return n;
  }
}

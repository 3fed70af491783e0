import 'reflect-metadata';
import { parseArgs } from 'util';
import { configFromProcess, secretFromProcess } from '../config/env';
import { withDb } from '../infra/db/data-source';
import { AccountsRepository, Role } from '../accounts/accounts.repository';
import { AuthService } from '../accounts/auth.service';

const ROLES: Role[] = ['admin', 'dispatcher', 'commander', 'unit'];

/**
 * Creates (or resets) an account: `create-user.ts --username nc-dispatcher --role dispatcher
 * --jurisdiction 360100 [--unit 12] [--name 南昌调度员]`, the password in GAN119_PASSWORD (never on
 * the command line, where other users of the machine could read it).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { username: { type: 'string' }, role: { type: 'string' }, jurisdiction: { type: 'string' }, unit: { type: 'string' }, name: { type: 'string' } },
  });
  const password = secretFromProcess('GAN119_PASSWORD');
  const problems: string[] = [];
  if (!values.username || !/^[a-z0-9_.-]{3,40}$/.test(values.username)) problems.push('--username: 3-40 lowercase letters, digits, . _ or -');
  if (!ROLES.includes(values.role as Role)) problems.push(`--role: one of ${ROLES.join(', ')}`);
  const jurisdiction = Number(values.jurisdiction);
  if (!Number.isInteger(jurisdiction)) problems.push('--jurisdiction: an adcode (360000 for the province)');
  const unitId = values.unit === undefined ? null : Number(values.unit);
  if ((values.role === 'unit') !== (unitId !== null) || (unitId !== null && !Number.isInteger(unitId)))
    problems.push('--unit: the unit id, for the unit role only');
  if (password.length < 10) problems.push('GAN119_PASSWORD: at least 10 characters');
  if (problems.length) throw new Error(`cannot create the account:\n  ${problems.join('\n  ')}`);
  const passwordHash = await AuthService.hashPassword(password);
  const id = await withDb(configFromProcess({ ROLE: 'worker' }), (db) =>
    db.transaction(async (tx) => {
      const accounts = tx.get(AccountsRepository);
      const userId = await accounts.insert({
        username: values.username as string,
        displayName: values.name ?? (values.username as string),
        passwordHash,
        role: values.role as Role,
        jurisdiction,
        unitId,
      });
      await accounts.audit({ username: values.username, userId, event: 'account_written', details: { role: values.role, jurisdiction, unitId, by: 'cli' } });
      return userId;
    }),
  );
  console.log(`account ${values.username} (${values.role}, ${jurisdiction}) is id ${id}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

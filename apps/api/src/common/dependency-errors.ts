/**
 * A failure of a dependency rather than of the request: the database or Redis not answering (in
 * time). These become 503 naming the dependency, so a client retries instead of reporting a bug.
 */
export function dependencyFailure(e: unknown): { dependency: 'postgresql' | 'redis'; message: string } | null {
  const err = e as { message?: unknown; code?: unknown; name?: unknown; driverError?: { code?: unknown; message?: unknown } };
  const message = typeof err?.message === 'string' ? err.message : '';
  const code = String(err?.driverError?.code ?? err?.code ?? '');
  if (
    /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED.*:5432|the database system is (starting|shutting) up/i.test(message) ||
    ['57P01', '57P03', '08006', '08001', '53300'].includes(code)
  ) {
    return { dependency: 'postgresql', message: 'PostgreSQL did not answer in time: try again' };
  }
  if (code === '55P03') return { dependency: 'postgresql', message: 'another action holds this record (lock timeout): try again' };
  if (code === '40P01' || code === '40001')
    return { dependency: 'postgresql', message: 'the database turned this away in favour of a simultaneous action: try again' };
  if (code === '57014') return { dependency: 'postgresql', message: 'the database took too long (statement timeout): try again' };
  if (
    err?.name === 'MaxRetriesPerRequestError' ||
    /Stream isn't writeable|Connection is closed|Reached the max retries per request limit|did not take the escalation timers/i.test(message)
  ) {
    return { dependency: 'redis', message: 'Redis did not answer: try again' };
  }
  return null;
}

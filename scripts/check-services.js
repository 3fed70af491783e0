// Checks that a PostgreSQL URL and a Redis URL answer as this system needs:
// PostgreSQL >= 15 with the postgis and pgrouting extensions available, Redis >= 7 answering PING.
// Usage: node scripts/check-services.js <DATABASE_URL> <REDIS_URL>
'use strict';
const { Client } = require('pg');
const Redis = require('ioredis');

async function checkDb(url) {
  const c = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await c.connect();
  try {
    const v = await c.query('show server_version_num');
    if (Number(v.rows[0].server_version_num) < 150000) throw new Error(`PostgreSQL ${v.rows[0].server_version_num} < 15`);
    const ext = await c.query(
      "select name, default_version from pg_available_extensions where name in ('postgis','pgrouting')",
    );
    const names = ext.rows.map((r) => r.name);
    for (const need of ['postgis', 'pgrouting']) {
      if (!names.includes(need)) throw new Error(`extension ${need} is not installed on the database server`);
    }
  } finally {
    await c.end();
  }
}

async function checkRedis(url) {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 5000, retryStrategy: () => null });
  await r.connect();
  try {
    const info = await r.info('server');
    const m = /redis_version:(\d+)/.exec(info);
    if (!m || Number(m[1]) < 7) throw new Error(`Redis ${m ? m[1] : '?'} < 7`);
  } finally {
    r.disconnect();
  }
}

(async () => {
  const [dbUrl, redisUrl] = process.argv.slice(2);
  let ok = true;
  await checkDb(dbUrl).catch((e) => { ok = false; console.error(`[services] PostgreSQL at ${dbUrl}: ${e.message}`); });
  await checkRedis(redisUrl).catch((e) => { ok = false; console.error(`[services] Redis at ${redisUrl}: ${e.message}`); });
  process.exit(ok ? 0 : 1);
})();

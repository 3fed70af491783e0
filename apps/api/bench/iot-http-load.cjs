// A platform pushing to the API from a process of its own (as platforms do from their machines): batches
// of 1,000 mixed messages (95 % heartbeats), `lanes` in flight, for `seconds`. Message ids are
// <tag>-<n> for n from 0 to the count it prints, so the bench can count every one in the log.
// Usage: node iot-http-load.cjs <url> <idsFile> <tag> <seconds> <lanes> <key>
'use strict';
const { readFileSync } = require('fs');
const [url, idsFile, tag, seconds, lanes, key] = process.argv.slice(2);
const ids = readFileSync(idsFile, 'utf8').trim().split('\n');
let seq = 0;
let accepted = 0;
const mixed = (n) =>
  Array.from({ length: n }, () => {
    const i = seq++;
    const r = i % 100;
    const kind = r < 95 ? 'heartbeat' : r < 97 ? 'test' : r < 98 ? 'low_battery' : r < 99 ? 'fault' : 'alarm_cleared';
    return { messageId: `${tag}-${i}`, deviceId: ids[(i * 7919) % ids.length], kind };
  });
(async () => {
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: Number(lanes) }, async () => {
      while (Date.now() - t0 < Number(seconds) * 1000) {
        const r = await fetch(`${url}/api/iot/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-iot-key': key },
          body: JSON.stringify({ messages: mixed(1000) }),
        });
        if (r.status !== 200) throw new Error(`push: ${r.status} ${await r.text()}`);
        accepted += (await r.json()).accepted;
      }
    }),
  );
  console.log(JSON.stringify({ accepted, sent: seq, seconds: (Date.now() - t0) / 1000 }));
})().catch((e) => {
  console.error(e);
  process.exit(1);
});

// A stand-in for the Electron preload's bridge, injected before the renderer loads: a
// 1,000,000-entry stream for paging and a live tail of window.__perBatch entries every 100 ms
// (500 = 5,000 msgs/s). Only for the renderer perf harness (entriesTail.mjs).
(() => {
  const listeners = {};
  const now = Date.now();
  const entry = (ms, seq, v) => {
    const text = JSON.stringify(v);
    return { id: `${ms}-${seq}`, timestamp: ms, fields: [{ name: 'msg', value: { text, size: text.length } }], format: 'ucloud', value: v };
  };
  const total = 1000000;
  const base = now - total * 10;
  let tail = null,
    tailN = 0;
  const handlers = {
    'connection.status': () => ({ state: 'ready', url: 'redis://127.0.0.1:6379', embedded: true, redisVersion: '7.0.15' }),
    'profiles.list': () => [{ id: 'p', name: 'staging', url: 'redis://staging:6379', hasPassword: true }],
    'demo.status': () => ({
      running: true,
      stream: 'demo.orders',
      channel: 'demo.news',
      ratePerSec: 50,
      services: ['billing', 'shipping'],
      instanceIds: [],
    }),
    'streams.list': () => ({
      cursor: '0',
      streams: [
        {
          name: 'app-kubernetes-job-events',
          length: 1000000,
          firstId: '1-0',
          lastId: '2-0',
          groups: 2,
          entriesPerSecond: 40 + Math.random() * 20,
          totalLag: 12,
          totalPending: 3,
        },
        {
          name: 'demo.orders',
          length: 5230,
          firstId: '1-0',
          lastId: '2-0',
          groups: 2,
          entriesPerSecond: 50 + Math.random() * 5,
          totalLag: 0,
          totalPending: 8,
        },
        {
          name: 'http.logs',
          length: 12,
          firstId: '1-0',
          lastId: '2-0',
          groups: 0,
          entriesPerSecond: 0,
          totalLag: null,
          totalPending: 0,
        },
      ],
    }),
    'broadcast.channels': () => [
      { name: 'demo.news', subscribers: 3, messagesPerSec: 5 + Math.random() },
      { name: 'node.status', subscribers: 1, messagesPerSec: 0.2 },
    ],
    'entries.page': (a) => {
      let upper = total;
      if (a.from) upper = Number(a.from.split('-')[1]) - 1;
      const out = [];
      for (let i = upper; i >= 1 && out.length < (a.count || 100); i--) {
        const e = entry(base + i * 10, i, {
          type: i % 3 ? 'JobStarted' : 'JobFinished',
          jobId: `job-${i}`,
          node: `worker-${i % 7}`,
          attempt: i % 4,
        });
        e.id = `${base + i * 10}-${i}`;
        out.push(e);
      }
      return { entries: out, next: out.length ? out[out.length - 1].id : null, scanned: out.length };
    },
    'entries.tail': () => {
      tail = 't1';
      const timer = setInterval(() => {
        if (!tail) return clearInterval(timer);
        const batch = [];
        for (let k = 0; k < (window.__perBatch || 5); k++) {
          tailN++;
          const ms = Date.now();
          batch.push(entry(ms, tailN, { type: 'Live', n: tailN }));
        }
        (listeners['entries.appended'] || []).forEach((l) => l({ tailId: 't1', stream: 'x', entries: batch }));
      }, 100);
      return { tailId: 't1' };
    },
    'entries.untail': () => {
      tail = null;
      return { stopped: true };
    },
    'prune.preview': (a) => ({
      stream: a.stream,
      policy: a.policy,
      safe: a.safe,
      wouldRemove: 999000,
      firstId: '1-0',
      lastId: '999000-0',
      pending: 3,
      undelivered: 12,
      keptForSafety: 15,
      lengthBefore: 1000000,
    }),
    'groups.list': () => [],
    'instances.list': () => [],
    'consumers.list': () => [],
    'publish.jobs': () => [],
  };
  window.streamscope = {
    invoke: async (m, a) =>
      handlers[m] ? { ok: true, value: handlers[m](a) } : { ok: false, error: { code: 'internal', message: 'fake: ' + m } },
    on: (e, l) => {
      (listeners[e] = listeners[e] || []).push(l);
      return () => {
        listeners[e] = listeners[e].filter((x) => x !== l);
      };
    },
  };
})();

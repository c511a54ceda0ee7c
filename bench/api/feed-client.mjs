// Many open live feeds (Server-Sent Events) of the public dashboard, each on its own connection and
// client address, counting the events of the bench's write load it receives. Counting by substring
// keeps the bench's own CPU low: at 1,000 feeds it reads every event a thousand times.
import { request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import { errorCodeOf, fakeAddress } from './http-client.mjs';

/** Feeds opened at once while connecting (each takes a read-limit and a feed-slot KV operation). */
const OPEN_BATCH = 50;
const OPEN_TIMEOUT_MS = 30_000;

/**
 * One feed: resolves once it is attached (its `hello` event came) or refused; counts afterwards every
 * occurrence of `marker` (the write load's transfer id prefix) in what it receives.
 */
function openFeed({ baseUrl, communityId, address, marker }) {
  const feed = { communityId, address, status: null, refused: null, received: 0, ended: false, error: null };
  const carryMax = marker.length - 1;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      feed.refused = 'OPEN_TIMEOUT';
      req.destroy();
      resolve(feed);
    }, OPEN_TIMEOUT_MS);
    const req = httpRequest(
      `${baseUrl}/public/communities/${communityId}/events`,
      { agent: false, headers: { Accept: 'text/event-stream', 'X-Forwarded-For': address } },
      (res) => {
        feed.status = res.statusCode;
        res.setEncoding('utf8');
        if (res.statusCode !== 200) {
          let text = '';
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => {
            clearTimeout(timer);
            feed.refused = errorCodeOf({ status: res.statusCode, text });
            resolve(feed);
          });
          return;
        }
        let carry = '';
        let attached = false;
        res.on('data', (chunk) => {
          const text = carry + chunk;
          if (!attached && text.includes('event: hello')) {
            attached = true;
            clearTimeout(timer);
            resolve(feed);
          }
          for (let at = text.indexOf(marker); at !== -1; at = text.indexOf(marker, at + marker.length)) {
            feed.received += 1;
          }
          carry = text.length > carryMax ? text.slice(text.length - carryMax) : text;
        });
        res.on('end', () => (feed.ended = true));
        res.on('error', (error) => (feed.error = error.code ?? error.message));
      },
    );
    req.on('error', (error) => {
      feed.error = error.code ?? error.message;
      feed.ended = true;
      clearTimeout(timer);
      resolve(feed);
    });
    feed.close = () => req.destroy();
    req.end();
  });
}

/** Opens `count` feeds spread round-robin over the communities; answers { feeds, openMs }. */
export async function openFeeds({ baseUrl, communities, count, marker, addressOffset }) {
  const startedAt = performance.now();
  const feeds = [];
  for (let first = 0; first < count; first += OPEN_BATCH) {
    const batch = [];
    for (let i = first; i < Math.min(count, first + OPEN_BATCH); i += 1) {
      batch.push(
        openFeed({
          baseUrl,
          communityId: communities[i % communities.length].communityId,
          address: fakeAddress(addressOffset + i),
          marker,
        }),
      );
    }
    feeds.push(...(await Promise.all(batch)));
  }
  return { feeds, openMs: performance.now() - startedAt };
}

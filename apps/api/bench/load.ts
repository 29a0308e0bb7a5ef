/**
 * A small closed-loop load generator for the API benchmarks: `concurrency` loops, each sending
 * its next request as soon as the last one answered, for a fixed time. Counts answers per
 * second and latency percentiles; any unexpected status fails the run (a fast error is not
 * throughput).
 */
import http from 'node:http';

export interface LoadResult {
  readonly requests: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export interface LoadOptions {
  readonly concurrency: number;
  readonly durationMs: number;
  /** Unmeasured time first: connections opened, caches and JIT warm. */
  readonly warmupMs?: number;
}

/** Runs `request` in `concurrency` loops for the duration; each call resolves when its answer is complete. */
export async function closedLoop(request: () => Promise<void>, options: LoadOptions): Promise<LoadResult> {
  if (options.warmupMs) await runFor(request, options.concurrency, options.warmupMs);
  return runFor(request, options.concurrency, options.durationMs);
}

async function runFor(request: () => Promise<void>, concurrency: number, durationMs: number): Promise<LoadResult> {
  const latencies: number[] = [];
  const started = performance.now();
  const until = started + durationMs;
  const loop = async () => {
    while (performance.now() < until) {
      const sent = performance.now();
      await request();
      latencies.push(performance.now() - sent);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const elapsed = performance.now() - started;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    perSecond: Math.round((latencies.length / elapsed) * 1000),
    p50Ms: round(percentile(latencies, 0.5)),
    p99Ms: round(percentile(latencies, 0.99)),
  };
}

export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] as number;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/** Keep-alive connections shared by every loop, as a real client keeps them. */
export function keepAliveAgent(maxSockets: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets });
}

/** GET (or another method) that resolves once the whole answer is read; rejects on a status other than `expect`. */
export function httpRequest(
  agent: http.Agent,
  url: URL,
  options: { method?: string; headers?: Record<string, string>; body?: string; expect?: number } = {},
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { agent, method: options.method ?? 'GET', headers: { ...options.headers, ...(options.body ? { 'content-type': 'application/json' } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (options.expect !== undefined && status !== options.expect) {
            reject(new Error(`${options.method ?? 'GET'} ${url.pathname}: HTTP ${status} (expected ${options.expect}): ${body.slice(0, 300)}`));
          } else resolve({ status, body, headers: res.headers });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

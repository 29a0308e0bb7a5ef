/**
 * The daemon's small HTTP endpoint: GET /health (JSON; 503 with the cause when the daemon is
 * not doing its job) and GET /metrics (Prometheus text).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProvisionerMetrics } from '../metrics';
import type { DaemonStatus } from './daemon';

export interface StatusServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startStatusServer(options: {
  port: number;
  host?: string;
  metrics: ProvisionerMetrics;
  status: () => DaemonStatus;
  /** Something the daemon works without but should have (the interruption queue): reported, still 200. */
  degraded?: () => { cause: string; detail: string } | null;
}): Promise<StatusServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/health') {
      const status = options.status();
      const { health } = status;
      const body = {
        alive: true,
        healthy: health.healthy,
        cause: health.cause,
        ...(health.healthy ? {} : { detail: health.detail }),
        // without a readable lease the daemon cannot know whether it should act
        role: status.leaseHeld ? 'active' : health.cause === 'lease-unreadable' ? 'unknown' : 'standby',
        iterating: status.iterating,
        stopping: status.stopping,
        lastOutcome: status.lastOutcome ?? null,
        lastIteration: status.lastReport
          ? {
              finishedAt: status.lastReport.finishedAt.toISOString(),
              durationMs: status.lastReport.durationMs,
              launches: status.lastReport.launches,
              errors: status.lastReport.errors,
              failedRegions: status.lastReport.failedRegions,
            }
          : null,
        lastError: status.lastError ?? null,
        degraded: options.degraded?.() ?? null,
      };
      res.writeHead(health.healthy ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
      return;
    }
    if (req.method === 'GET' && path === '/metrics') {
      options.metrics.registry
        .metrics()
        .then((text) => {
          res.writeHead(200, { 'content-type': options.metrics.registry.contentType });
          res.end(text);
        })
        .catch(() => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end('metrics unavailable\n');
        });
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ code: 'ResourceNotFound', message: 'try /health or /metrics' }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The worker thread of preview-pool.ts: computes each preview it is sent and answers with its outcome. */
import { parentPort } from 'node:worker_threads';
import { computePreview, type PreviewJob } from './preview-runner';

/** The markets last sent: the pool sends them only when they change. */
let markets: PreviewJob['markets'] = [];

parentPort?.on('message', (message: { id: number; job: Omit<PreviewJob, 'markets'>; markets?: PreviewJob['markets'] }) => {
  const { id, job } = message;
  if (message.markets) markets = message.markets;
  try {
    parentPort?.postMessage({ id, outcome: computePreview({ ...job, markets }) });
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});

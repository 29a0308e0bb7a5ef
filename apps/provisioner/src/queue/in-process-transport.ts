/**
 * A queue transport answered in process from a QueueWorld, with exactly the stand-in's answers
 * (queue-answers.ts): the simulator's queue. The daemon's QueueClient reads it as it reads the
 * real queue, so the simulator runs the daemon's real queue code (parsing, errors, paging).
 */
import type { Clock } from '../clock';
import { answerQueueRequest } from './queue-answers';
import type { QueueWorld } from './queue-world';
import type { QueueRequest, QueueResponse, QueueTransport } from './transport';

export class InProcessQueueTransport implements QueueTransport {
  constructor(
    private readonly world: QueueWorld,
    private readonly clock: Clock,
  ) {}

  async send(request: QueueRequest): Promise<QueueResponse> {
    // through JSON both ways, as over HTTP: nothing shared by reference
    const body = request.body === undefined ? undefined : (JSON.parse(JSON.stringify(request.body)) as unknown);
    const answer = answerQueueRequest(
      this.world,
      { method: request.method, path: request.path, query: new URLSearchParams(request.query ?? {}), body },
      this.clock.now(),
    );
    return { status: answer.status, body: JSON.parse(JSON.stringify(answer.body)) as unknown };
  }
}

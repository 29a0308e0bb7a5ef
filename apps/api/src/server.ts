import type { FastifyInstance } from 'fastify';

export interface ListenOptions {
  readonly port: number;
  readonly host: string;
}

/** Listens and returns the address; the only place that opens a socket. */
export async function startServer(app: FastifyInstance, options: ListenOptions): Promise<string> {
  return app.listen({ port: options.port, host: options.host });
}

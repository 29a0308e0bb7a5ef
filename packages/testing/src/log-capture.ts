/**
 * A log sink that keeps every line, so tests assert what was (and was not) logged, and wait
 * for a line instead of sleeping. Give it to pino as its destination stream.
 */
import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';

export class LogCapture extends Writable {
  /** Every line written so far, without its newline. */
  readonly lines: string[] = [];
  private readonly written = new EventEmitter();

  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    this.written.emit('line');
    done();
  }

  get text(): string {
    return this.lines.join('\n');
  }

  /** The lines as JSON (pino writes one object a line). */
  entries(): Record<string, unknown>[] {
    return this.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  /** Resolves once a line containing `text` has been written (before or after the call). */
  logged(text: string): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (!this.lines.some((line) => line.includes(text))) return;
        this.written.off('line', check);
        resolve();
      };
      this.written.on('line', check);
      check();
    });
  }
}

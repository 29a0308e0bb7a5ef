/**
 * The interruption queue in simulation: what EventBridge would put on SQS, kept in memory. The
 * daemon's own intake reads it (receive, then delete once the iteration recorded the message),
 * so warnings go through the daemon's real parsing, ledger, placement and records.
 */
import { ec2EventMessageBody, type InterruptionQueuePort } from '@spot-provisioner/provisioner';
import type { SimInstance } from './fleet';

/** EC2 warns this long before it reclaims a spot instance. */
export const WARNING_LEAD_S = 120;

interface Message {
  id: string;
  body: string;
  /** Received and not yet deleted: hidden from receives (the simulator's iterations never outlast SQS's visibility timeout). */
  inFlight: boolean;
}

export class SimInterruptionQueue implements InterruptionQueuePort {
  private readonly messages = new Map<string, Message>();
  private nextId = 1;
  /** Warnings put on the queue. */
  sent = 0;

  /** EC2's two-minute warning for `instance`, as EventBridge delivers it. */
  warn(instance: SimInstance, epochMs: number): void {
    const body = ec2EventMessageBody({
      kind: 'spot-interruption',
      eventId: `sim-warning-${instance.instanceId}`,
      time: epochMs,
      region: instance.region,
      instanceId: instance.instanceId,
      action: 'terminate',
    });
    const id = `m${this.nextId++}`;
    this.messages.set(id, { id, body, inFlight: false });
    this.sent += 1;
  }

  async receive(options: { maxMessages: number }): Promise<{ messageId: string; receiptHandle: string; body: string }[]> {
    const out: { messageId: string; receiptHandle: string; body: string }[] = [];
    for (const message of this.messages.values()) {
      if (out.length >= options.maxMessages) break;
      if (message.inFlight) continue;
      message.inFlight = true;
      out.push({ messageId: message.id, receiptHandle: message.id, body: message.body });
    }
    return out;
  }

  async deleteBatch(receiptHandles: readonly string[]): Promise<{ deleted: string[]; failed: { receiptHandle: string; code: string; message: string }[] }> {
    const deleted: string[] = [];
    const failed: { receiptHandle: string; code: string; message: string }[] = [];
    for (const handle of receiptHandles) {
      if (this.messages.delete(handle)) deleted.push(handle);
      else failed.push({ receiptHandle: handle, code: 'ReceiptHandleIsInvalid', message: 'no such message' });
    }
    return { deleted, failed };
  }
}

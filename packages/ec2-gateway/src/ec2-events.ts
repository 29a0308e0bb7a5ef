/**
 * EC2's instance events as EventBridge delivers them to an SQS queue, read into domain values
 * (pure: no SDK, no clock). The three kinds the daemon acts on, the rule patterns that route
 * them (used by the CloudFormation template, the local stack and the tests: one definition),
 * and a parser that never throws: a body is an event, a well-formed event this provisioner
 * does not act on ('ignored'), or 'garbage'.
 */

export const EC2_EVENT_SOURCE = 'aws.ec2';
export const SPOT_INTERRUPTION_WARNING = 'EC2 Spot Instance Interruption Warning';
export const REBALANCE_RECOMMENDATION = 'EC2 Instance Rebalance Recommendation';
export const INSTANCE_STATE_CHANGE = 'EC2 Instance State-change Notification';

/**
 * The tag the daemon writes on its instance once EC2 said it is going away (`<kind>@<ISO time>`):
 * the only tag it may add after launch, and how a restarted daemon still knows.
 */
export const INTERRUPTION_TAG_KEY = 'Interruption';

/** States after which an instance runs no more tasks: its capacity is gone. */
export const LEAVING_STATES = ['shutting-down', 'terminated', 'stopping', 'stopped'] as const;
export type LeavingState = (typeof LEAVING_STATES)[number];

/** EventBridge rule patterns, by rule name: the template, the local stack and the tests route with these. */
export const INTERRUPTION_EVENT_PATTERNS = {
  SpotInterruptionWarning: { source: [EC2_EVENT_SOURCE], 'detail-type': [SPOT_INTERRUPTION_WARNING] },
  RebalanceRecommendation: { source: [EC2_EVENT_SOURCE], 'detail-type': [REBALANCE_RECOMMENDATION] },
  // pending and running notifications would only be noise in the queue
  InstanceLeaving: { source: [EC2_EVENT_SOURCE], 'detail-type': [INSTANCE_STATE_CHANGE], detail: { state: [...LEAVING_STATES] } },
} as const;

interface EventBase {
  /** EventBridge's event id: the same event delivered twice carries the same id. */
  readonly eventId: string;
  /** When EC2 emitted it, epoch milliseconds. */
  readonly time: number;
  readonly region: string;
  readonly instanceId: string;
}

export type Ec2InstanceEvent =
  | (EventBase & { readonly kind: 'spot-interruption'; /** terminate, stop or hibernate */ readonly action: string })
  | (EventBase & { readonly kind: 'rebalance-recommendation' })
  | (EventBase & { readonly kind: 'state-change'; readonly state: LeavingState });

export type Ec2InstanceEventKind = Ec2InstanceEvent['kind'];

export type ParsedEventMessage =
  | { readonly outcome: 'event'; readonly event: Ec2InstanceEvent }
  /** A well-formed event of a kind or state this provisioner does not act on. */
  | { readonly outcome: 'ignored'; readonly reason: string }
  /** Not an EventBridge EC2 instance event: unparsable, or a field missing or malformed. */
  | { readonly outcome: 'garbage'; readonly reason: string };

const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;
/** Longest body worth parsing: EventBridge's largest event is 256 KB. */
export const MAX_EVENT_BODY_LENGTH = 256 * 1024;

type Fields = Record<string, unknown>;
const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const garbage = (reason: string): ParsedEventMessage => ({ outcome: 'garbage', reason });

export function parseEc2EventMessage(body: string): ParsedEventMessage {
  if (body.length > MAX_EVENT_BODY_LENGTH) return garbage(`the body is ${body.length} characters, larger than any EventBridge event`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return garbage('the body is not JSON');
  }
  // a queue subscribed through SNS receives the event inside an SNS envelope
  if (isObject(parsed) && parsed.Type === 'Notification' && typeof parsed.Message === 'string') return parseEc2EventMessage(parsed.Message);
  if (!isObject(parsed)) return garbage('the body is not a JSON object');
  const detailType = parsed['detail-type'];
  if (typeof parsed.source !== 'string' || typeof detailType !== 'string') return garbage('source or detail-type is missing');
  if (parsed.source !== EC2_EVENT_SOURCE) return { outcome: 'ignored', reason: `events from ${parsed.source} are not acted on` };
  if (![SPOT_INTERRUPTION_WARNING, REBALANCE_RECOMMENDATION, INSTANCE_STATE_CHANGE].includes(detailType)) {
    return { outcome: 'ignored', reason: `"${detailType}" events are not acted on` };
  }
  const base = eventBase(parsed);
  if (typeof base === 'string') return garbage(base);
  const detail = parsed.detail as Fields;
  if (detailType === SPOT_INTERRUPTION_WARNING) {
    const action = detail['instance-action'];
    return { outcome: 'event', event: { ...base, kind: 'spot-interruption', action: typeof action === 'string' ? action.toLowerCase() : 'terminate' } };
  }
  if (detailType === REBALANCE_RECOMMENDATION) return { outcome: 'event', event: { ...base, kind: 'rebalance-recommendation' } };
  const state = typeof detail.state === 'string' ? detail.state.toLowerCase() : undefined;
  if (state === undefined) return garbage('a state-change event without detail.state');
  if (!(LEAVING_STATES as readonly string[]).includes(state)) return { outcome: 'ignored', reason: `state "${state}" leaves the capacity in place` };
  return { outcome: 'event', event: { ...base, kind: 'state-change', state: state as LeavingState } };
}

/** The fields every kind carries, or what is wrong with them. */
function eventBase(event: Fields): EventBase | string {
  const { id, time, region, detail } = event;
  if (typeof id !== 'string' || id === '') return 'the event has no id';
  if (typeof region !== 'string' || region === '') return 'the event names no region';
  const at = typeof time === 'string' ? Date.parse(time) : Number.NaN;
  if (!Number.isFinite(at)) return 'the event has no valid time';
  if (!isObject(detail)) return 'the event has no detail';
  const instanceId = detail['instance-id'];
  if (typeof instanceId !== 'string' || !INSTANCE_ID.test(instanceId)) return 'detail.instance-id is not an instance id';
  return { eventId: id, time: at, region, instanceId };
}

/** The body EventBridge delivers for `event` (the simulator and tests send these). */
export function ec2EventMessageBody(event: Ec2InstanceEvent, account = '123456789012'): string {
  const detailType =
    event.kind === 'spot-interruption' ? SPOT_INTERRUPTION_WARNING : event.kind === 'rebalance-recommendation' ? REBALANCE_RECOMMENDATION : INSTANCE_STATE_CHANGE;
  const detail: Fields = { 'instance-id': event.instanceId };
  if (event.kind === 'spot-interruption') detail['instance-action'] = event.action;
  if (event.kind === 'state-change') detail.state = event.state;
  return JSON.stringify({
    version: '0',
    id: event.eventId,
    'detail-type': detailType,
    source: EC2_EVENT_SOURCE,
    account,
    time: new Date(event.time).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: event.region,
    resources: [`arn:aws:ec2:${event.region}:${account}:instance/${event.instanceId}`],
    detail,
  });
}

import { ec2EventMessageBody, INTERRUPTION_EVENT_PATTERNS, LEAVING_STATES, parseEc2EventMessage, type Ec2InstanceEvent } from '../src';

/** The documented shape of an interruption warning (EC2 User Guide, "EC2 Spot Instance Interruption Warning event"). */
const warning = {
  version: '0',
  id: '12345678-1234-1234-1234-123456789012',
  'detail-type': 'EC2 Spot Instance Interruption Warning',
  source: 'aws.ec2',
  account: '123456789012',
  time: '2026-11-23T10:15:00Z',
  region: 'us-east-2',
  resources: ['arn:aws:ec2:us-east-2:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', 'instance-action': 'terminate' },
};
const body = (value: unknown) => JSON.stringify(value);

describe('parseEc2EventMessage', () => {
  it('reads a spot interruption warning', () => {
    expect(parseEc2EventMessage(body(warning))).toEqual({
      outcome: 'event',
      event: {
        kind: 'spot-interruption',
        eventId: warning.id,
        time: Date.parse('2026-11-23T10:15:00Z'),
        region: 'us-east-2',
        instanceId: 'i-1234567890abcdef0',
        action: 'terminate',
      },
    });
  });

  it('reads a rebalance recommendation', () => {
    const event = { ...warning, 'detail-type': 'EC2 Instance Rebalance Recommendation', detail: { 'instance-id': 'i-0abcdef1234567890' } };
    const parsed = parseEc2EventMessage(body(event));
    expect(parsed).toEqual({ outcome: 'event', event: expect.objectContaining({ kind: 'rebalance-recommendation', instanceId: 'i-0abcdef1234567890' }) });
  });

  it('reads each leaving state change, and ignores states that keep the capacity', () => {
    for (const state of LEAVING_STATES) {
      const event = { ...warning, 'detail-type': 'EC2 Instance State-change Notification', detail: { 'instance-id': 'i-0abcdef1234567890', state } };
      expect(parseEc2EventMessage(body(event))).toEqual({ outcome: 'event', event: expect.objectContaining({ kind: 'state-change', state }) });
    }
    for (const state of ['pending', 'running']) {
      const event = { ...warning, 'detail-type': 'EC2 Instance State-change Notification', detail: { 'instance-id': 'i-0abcdef1234567890', state } };
      expect(parseEc2EventMessage(body(event))).toEqual({ outcome: 'ignored', reason: expect.stringContaining(state) });
    }
  });

  it('reads the shape moto delivers (no account field) and an SNS-wrapped event', () => {
    const { account: _account, ...withoutAccount } = warning;
    expect(parseEc2EventMessage(body(withoutAccount)).outcome).toBe('event');
    const wrapped = { Type: 'Notification', MessageId: 'm', Message: body(warning) };
    expect(parseEc2EventMessage(body(wrapped))).toEqual(parseEc2EventMessage(body(warning)));
  });

  it('ignores well-formed events it does not act on', () => {
    expect(parseEc2EventMessage(body({ ...warning, source: 'aws.health', 'detail-type': 'AWS Health Event' })).outcome).toBe('ignored');
    expect(parseEc2EventMessage(body({ ...warning, 'detail-type': 'EC2 Fast Launch State-change Notification' })).outcome).toBe('ignored');
  });

  it('calls garbage garbage, with the reason, and never throws', () => {
    const cases: [string, string][] = [
      ['', 'not JSON'],
      ['{not json', 'not JSON'],
      ['[1,2]', 'not a JSON object'],
      ['null', 'not a JSON object'],
      [body({ hello: 'world' }), 'source or detail-type'],
      [body({ ...warning, id: undefined }), 'no id'],
      [body({ ...warning, region: '' }), 'no region'],
      [body({ ...warning, time: 'yesterday' }), 'valid time'],
      [body({ ...warning, detail: 'x' }), 'no detail'],
      [body({ ...warning, detail: { 'instance-id': 'sir-1234' } }), 'instance-id'],
      [body({ ...warning, 'detail-type': 'EC2 Instance State-change Notification', detail: { 'instance-id': 'i-0abcdef1234567890' } }), 'detail.state'],
      ['x'.repeat(300 * 1024), 'larger than any'],
    ];
    for (const [text, reason] of cases) {
      const parsed = parseEc2EventMessage(text);
      expect({ text: text.slice(0, 40), parsed }).toEqual({ text: text.slice(0, 40), parsed: { outcome: 'garbage', reason: expect.stringContaining(reason) } });
    }
  });

  it('parses back every body it writes for the simulator and tests', () => {
    const events: Ec2InstanceEvent[] = [
      { kind: 'spot-interruption', eventId: 'e1', time: Date.parse('2026-11-23T00:00:10Z'), region: 'us-west-2', instanceId: 'i-00000000000000001', action: 'terminate' },
      { kind: 'rebalance-recommendation', eventId: 'e2', time: Date.parse('2026-11-23T00:00:20Z'), region: 'us-west-2', instanceId: 'i-00000000000000002' },
      { kind: 'state-change', eventId: 'e3', time: Date.parse('2026-11-23T00:00:30Z'), region: 'us-west-2', instanceId: 'i-00000000000000003', state: 'terminated' },
    ];
    for (const event of events) expect(parseEc2EventMessage(ec2EventMessageBody(event))).toEqual({ outcome: 'event', event });
  });

  it('routes exactly the states it acts on', () => {
    expect(INTERRUPTION_EVENT_PATTERNS.InstanceLeaving.detail.state).toEqual([...LEAVING_STATES]);
  });
});

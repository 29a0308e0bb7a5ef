import { capacityChange, capacityUnits, InvalidBiddingInputError, type CapacityChangeInput } from '../src';

const idle: CapacityChangeInput = {
  runningCapacity: 0,
  pendingCapacity: 0,
  pendingTasks: 0,
  scalingRatio: 0,
  minCapacity: 0,
  maxCapacity: 100,
};

describe('capacityChange', () => {
  it('asks for one unit per pending task when nothing runs', () => {
    expect(capacityChange({ ...idle, pendingTasks: 7 })).toMatchObject({ change: 7, desiredPending: 0, bounded: null });
  });

  it('leaves scalingRatio × running tasks pending (0.2 keeps 20% of running capacity queued)', () => {
    const result = capacityChange({ ...idle, runningCapacity: 50, pendingTasks: 30, scalingRatio: 0.2 });
    expect(result.desiredPending).toBe(10);
    expect(result.change).toBe(20);
  });

  it('rounds the desired pending tasks to the nearest whole task', () => {
    expect(capacityChange({ ...idle, runningCapacity: 7, scalingRatio: 0.5, pendingTasks: 10 }).desiredPending).toBe(4);
    expect(capacityChange({ ...idle, runningCapacity: 7, scalingRatio: 0.2, pendingTasks: 10 }).desiredPending).toBe(1);
  });

  it('counts pending capacity as already on its way', () => {
    expect(capacityChange({ ...idle, pendingCapacity: 4, pendingTasks: 10 }).change).toBe(6);
  });

  it('reports a negative change when capacity exceeds demand, without bounding it', () => {
    const result = capacityChange({ ...idle, runningCapacity: 10, pendingCapacity: 5, pendingTasks: 2 });
    expect(result).toMatchObject({ change: -3, unboundedChange: -3, bounded: null, totalCapacity: 12 });
  });

  it('stops at maxCapacity and says so', () => {
    const result = capacityChange({ ...idle, runningCapacity: 90, pendingTasks: 50, maxCapacity: 100 });
    expect(result).toMatchObject({ change: 10, unboundedChange: 50, bounded: 'max', totalCapacity: 100, headroom: 10 });
  });

  it('brings capacity down to maxCapacity when it is already above it', () => {
    const result = capacityChange({ ...idle, runningCapacity: 120, pendingTasks: 5, maxCapacity: 100 });
    expect(result).toMatchObject({ change: -20, bounded: 'max', headroom: 0 });
  });

  it('raises capacity to minCapacity even with an empty queue', () => {
    const result = capacityChange({ ...idle, runningCapacity: 1, minCapacity: 4 });
    expect(result).toMatchObject({ change: 3, unboundedChange: 0, bounded: 'min', totalCapacity: 4 });
  });

  it('gives the headroom left below maxCapacity for placement to respect', () => {
    expect(capacityChange({ ...idle, runningCapacity: 30, pendingCapacity: 8, maxCapacity: 40 }).headroom).toBe(2);
  });

  it('refuses negative or non-finite input with every problem listed', () => {
    const attempt = () => capacityChange({ ...idle, runningCapacity: -1, pendingTasks: Number.NaN, minCapacity: 5, maxCapacity: 2 });
    expect(attempt).toThrow(InvalidBiddingInputError);
    try {
      attempt();
    } catch (err) {
      expect((err as InvalidBiddingInputError).problems).toHaveLength(3);
    }
  });
});

describe('capacityUnits', () => {
  const capacities = [
    { instanceType: 'c5.2xlarge', capacity: 2 },
    { instanceType: 'm5.4xlarge', capacity: 4 },
  ];

  it("weighs each instance by its instance type's capacity", () => {
    expect(capacityUnits(['c5.2xlarge', 'm5.4xlarge', 'm5.4xlarge'], capacities)).toBe(10);
  });

  it('counts an instance of an unknown type as one unit', () => {
    expect(capacityUnits(['c5.2xlarge', 'r5.large'], capacities)).toBe(3);
  });

  it('is zero for no instances', () => {
    expect(capacityUnits([], capacities)).toBe(0);
  });

  it('refuses a negative capacity', () => {
    expect(() => capacityUnits([], [{ instanceType: 'x', capacity: -2 }])).toThrow(InvalidBiddingInputError);
  });
});

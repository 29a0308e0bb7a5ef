/** Tiny worlds with exact figures: one instance type, hand-set prices, deterministic boots. */
import type { PriceScenario } from '@spot-provisioner/provisioner';
import { workerTypeDefinition, zoneEntry } from '@spot-provisioner/testing';
import { PriceBook } from '../src/prices';
import type { SimulatedWorkerType } from '../src/scenario';

export const SPOT_PRICE_A = 0.036;
export const SPOT_PRICE_B = 0.048;

/** us-east-1a is the cheaper zone for m5.large; prices never change. */
export function tinyPrices(): PriceBook {
  const scenario: PriceScenario = {
    regions: { 'us-east-1': ['us-east-1a', 'us-east-1b'] },
    onDemand: { 'm5.large': 0.096 },
    SpotPriceHistory: [
      { AvailabilityZone: 'us-east-1a', InstanceType: 'm5.large', ProductDescription: 'Linux/UNIX', SpotPrice: String(SPOT_PRICE_A), Timestamp: '2026-11-22T12:00:00.000Z' },
      { AvailabilityZone: 'us-east-1b', InstanceType: 'm5.large', ProductDescription: 'Linux/UNIX', SpotPrice: String(SPOT_PRICE_B), Timestamp: '2026-11-22T12:00:00.000Z' },
    ],
  };
  return new PriceBook(scenario);
}

/** One worker type on m5.large (capacity 1) in two zones, booting in exactly `bootS`. */
export function tinyWorkerType(bootS = 180, extra: Record<string, unknown> = {}): SimulatedWorkerType {
  return {
    workerType: 'tiny',
    boot: { medianS: bootS, sigma: 0 },
    definition: workerTypeDefinition(
      { 'us-east-1': 'ami-0a1b2c3d4e5f60718' },
      { maxCapacity: 20, maxPrice: 0.2, availabilityZones: [zoneEntry('us-east-1a'), zoneEntry('us-east-1b')], ...extra },
    ),
  };
}

/** No random interruptions: the tests that want one schedule it. */
export const CALM = { defaultInterruptionsPerHour: 0, horizonS: 3600 } as const;

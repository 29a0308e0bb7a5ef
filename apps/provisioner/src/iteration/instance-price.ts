/** Pure: what one instance costs per hour now, for the cost gauges, history and the state snapshot. */
import type { OnDemandPrice, SpotPriceIndex } from '@spot-provisioner/bidding';
import type { OwnedInstance } from '../ec2/port';

/** USD/h of the instance's pool: its spot price, or the on-demand list price; undefined when unknown. */
export function instancePrice(
  instance: Pick<OwnedInstance, 'market' | 'region' | 'availabilityZone' | 'instanceType'>,
  spotPrices: SpotPriceIndex,
  onDemandPrices: readonly OnDemandPrice[],
): number | undefined {
  return instance.market === 'spot'
    ? spotPrices.get(instance.region, instance.availabilityZone, instance.instanceType)
    : onDemandPrices.find((p) => p.region === instance.region && p.instanceType === instance.instanceType)?.price;
}

/** `classic`: the AWS Provisioner's rule, exactly capacityChange. Uses no history. */
import { capacityChange } from '../capacity';
import type { DemandPolicy } from './types';

export const classicPolicy: DemandPolicy = {
  name: 'classic',
  decide: (input) => ({ ...capacityChange(input), policy: 'classic', estimates: {} }),
};

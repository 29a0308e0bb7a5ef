/** @spot-provisioner/provisioner: the daemon that keeps each worker type's spot capacity matched to its queue. */
export { systemClock, type Clock } from './clock';
export { Ec2Adapter, type Ec2AdapterOptions } from './ec2/adapter';
export { Ec2CallCounter } from './ec2/call-counter';
export { CapacityError, Ec2Error, isCapacityError, isEc2Error, CAPACITY_ERROR_CODES, INTERRUPTION_TAG_KEY, ec2EventMessageBody } from '@spot-provisioner/ec2-gateway';
export type { InterruptionQueuePort } from './interruptions/intake';
export type { InterruptionPlacement } from './iteration/interruptions';
export { errorMessage } from './error-message';
export type { Ec2Port, OwnedInstance, OwnedSpotRequest, RunInstanceRequest, LaunchedInstance } from './ec2/port';
// the in-memory EC2 beside the port: the daemon's fast tests and the simulator's EC2
export { FakeEc2, type FakeEc2Options, type FakeInstance, type FakePool, type Ec2Operation } from './ec2/fake-ec2';
export { Ec2SpotPriceSource, ScenarioSpotPriceSource, onDemandPricesFor, type SpotPriceSource, type PriceScenario } from './ec2/prices';
export { QueuePendingTasks, QueueError, isQueueError, type PendingTasksSource } from './queue/pending-tasks';
export { QueueClient, httpQueueClient, type QueueClientPort, type QueueOperation } from './queue/queue-client';
export { isQueueNotFound, type QueueErrorKind } from './queue/errors';
export { InProcessQueueTransport } from './queue/in-process-transport';
export type { QueueWorld, WorkerTruth, TaskTruth, RunTruth, RunState } from './queue/queue-world';
export { startQueueStandIn, type QueueStandIn } from './dev/queue-stand-in';
export { Daemon, type TickOutcome } from './daemon/daemon';
export { startStatusServer } from './daemon/status-server';
export { ProvisionerMetrics } from './metrics';
export { createProvisioner, type Provisioner, type ProvisionerParts } from './provisioner';
// the one assembly of an iteration: the daemon's (createProvisioner) and the simulator's
export { assembleIteration, type Iteration, type IterationParts } from './iteration/assemble';
export type { IterationReport } from './iteration/iteration';

/** @spot-provisioner/provisioner: the daemon that keeps each worker type's spot capacity matched to its queue. */
export { ManualClock, systemClock, type Clock } from './clock';
export { loadConfig, parseDaemonConfig, parseDuration, ConfigError, isConfigError, DEFAULTS, type ProvisionerConfig } from './config';
export { Ec2Adapter, type Ec2AdapterOptions } from './ec2/adapter';
export { Ec2CallCounter } from './ec2/call-counter';
export { CapacityError, Ec2Error, isCapacityError, isEc2Error, CAPACITY_ERROR_CODES } from '@spot-provisioner/ec2-gateway';
export { errorMessage } from './error-message';
export type { Ec2Port, OwnedInstance, OwnedSpotRequest, RunInstanceRequest, LaunchedInstance } from './ec2/port';
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
export type { IterationReport } from './iteration/iteration';
// the simulator (apps/simulator) drives the iteration through these, on a virtual clock
export { runIteration, type IterationDeps } from './iteration/iteration';
export { Launcher } from './iteration/launcher';
export { PoolAvailability } from './iteration/pool-availability';
export { SnapshotWriter } from './iteration/snapshot-writer';
export { DecisionWriter, MarketWriter } from './iteration/decision-writers';
export { HistoryRecorder } from './iteration/history-recorder';
export { DemandMemory, processDemandMemory } from './policy/demand-memory';

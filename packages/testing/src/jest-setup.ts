/**
 * jest `setupFiles` of every project: before a test file loads, point the AWS SDK at this
 * worker's engines. Each test file gets its own copy of process.env in jest, so this changes
 * nothing outside the file (child processes a test spawns get it through the env it passes).
 */
import { workerEngineEnvironment } from './worker-engines';

Object.assign(process.env, workerEngineEnvironment(process.env));

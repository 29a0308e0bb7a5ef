/**
 * One configuration for both processes: a zod schema per process over a shared base, every
 * problem reported at once (`VARIABLE: what is wrong`), and the defaults in one place.
 * parseApiConfig / parseDaemonConfig validate an environment without starting anything.
 */
export * from './api';
export * from './aws-regions';
export * from './base';
export * from './daemon';
export * from './defaults';
export { isHttpUrl, LOG_LEVELS, parseDuration } from './fields';

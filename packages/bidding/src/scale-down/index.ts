/** Scale-down: the keep-warm forecast and the settings of a worker type's `scaleDown` field. */
export * from './settings';
export * from './forecast';

/** Scale-down: the keep-warm forecast (the settings of the `scaleDown` field are the planner's). */
export * from './forecast';

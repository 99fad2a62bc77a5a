export { default } from './RunningTasks';
export type { RunningTasksProps } from './RunningTasks';

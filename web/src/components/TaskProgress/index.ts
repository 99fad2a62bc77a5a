export { default } from './TaskProgress';
export type { TaskProgressProps } from './TaskProgress';

export { default } from './TaskStatusTag';
export type { TaskStatusTagProps } from './TaskStatusTag';

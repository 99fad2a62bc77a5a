export { default } from './TaskAttempts';
export type { TaskAttemptsProps } from './TaskAttempts';

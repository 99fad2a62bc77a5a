export { default, canRetry } from './RetryButton';
export type { RetryButtonProps } from './RetryButton';

export { default, startText } from './RetryCountdown';
export type { RetryCountdownProps } from './RetryCountdown';

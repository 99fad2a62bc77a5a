export { default } from './NotifyMe';
export type { NotifyMeProps } from './NotifyMe';
export { emailOf, notifyChannels } from './notifyChannels';

export { default } from './SyncModal';
export type { SyncModalProps, SyncKind } from './SyncModal';

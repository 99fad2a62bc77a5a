export { default } from './ProfileDialog';
export type { ProfileDialogProps } from './ProfileDialog';

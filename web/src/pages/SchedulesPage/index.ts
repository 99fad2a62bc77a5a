export { default } from './SchedulesPage';

export { default } from './MonitoringPage';

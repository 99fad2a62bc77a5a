export { default } from './NotificationRulesPage';

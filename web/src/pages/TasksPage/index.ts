export { default } from './TasksPage';

export { default } from './TaskPage';

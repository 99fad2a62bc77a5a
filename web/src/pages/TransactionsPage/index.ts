export { default } from './TransactionsPage';

export { default } from './ContractorsPage';

export { default, rankCategories } from './CategoryChart';

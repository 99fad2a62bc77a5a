export { default, monthsBetween, niceMax } from './MonthlyChart';

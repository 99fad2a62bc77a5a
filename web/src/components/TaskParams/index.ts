export { paramsText } from './paramsText';

export { default, type TimeChartProps, type TimeSeries } from './TimeChart';

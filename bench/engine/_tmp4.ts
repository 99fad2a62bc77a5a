import { measureThroughput } from './throughput.js';
for (let i = 0; i < 2; i++) console.log('sqlite throughput', Math.round(await measureThroughput('sqlite', 20000, 10)));

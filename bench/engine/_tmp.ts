import { measureThroughput } from './throughput.js';
import { measureLatency } from './latency.js';
for (const k of ['sqlite', 'postgres'] as const) {
  console.log(k, 'throughput', Math.round(await measureThroughput(k, 20000, 10)));
  console.log(k, 'latency in', await measureLatency(k, 500, false));
  console.log(k, 'latency x', await measureLatency(k, 500, true));
}

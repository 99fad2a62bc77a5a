/**
 * The attackers of `npm run bench:login` as a process of their own, which the benchmark runs at the lowest CPU
 * priority: on one machine they stand for clients elsewhere, whose CPU is not the server's. Env: ATTACK_URL,
 * ATTACKERS, ATTACK_NAME. Prints `attack running` once every client has been answered, and on SIGTERM stops and prints
 * `attack counts {json}`.
 */
import { startAttack } from './attack.js';

const attack = startAttack(process.env.ATTACK_URL!, Number(process.env.ATTACKERS), process.env.ATTACK_NAME!);
const started = setInterval(() => {
  if (attack.counts.attempts < Number(process.env.ATTACKERS)) return;
  clearInterval(started);
  console.log('attack running');
}, 20);
process.once('SIGTERM', () => {
  clearInterval(started);
  void attack.stop().then((counts) => {
    console.log(`attack counts ${JSON.stringify(counts)}`);
    process.exit(0);
  });
});

/**
 * When a simulator received something, shared by every simulator in the test process: `seq`
 * orders arrivals across simulators (Slack before the Kubernetes patch) without trusting the
 * machine's speed; `at` (epoch ms) compares with the run's timeline when a figure is wanted.
 */
export interface Arrival {
  seq: number;
  at: number;
}

let seq = 0;

export function arrival(): Arrival {
  return { seq: ++seq, at: Date.now() };
}

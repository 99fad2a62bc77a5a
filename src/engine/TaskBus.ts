import type { Task } from './types.js';

/** A change announced by another node: the task itself, or only its id and seq when it was too large to send. */
export type RemoteChange = { task: Task } | { task_id: string; seq: number };

/** What a node hears from the others. */
export interface BusHandlers {
  onChange(change: RemoteChange): void;
  /** Another node asks whoever runs this task to stop it now. */
  onCancel(taskId: string): void;
  /**
   * Another node stored log lines of this task, seqs `from` to `to`: a node whose clients follow the task reads
   * them from the store and pushes them (the lines themselves never travel on the bus).
   */
  onLogs?(taskId: string, from: number, to: number): void;
  /**
   * The bus lost its connection and listens again: whatever the other nodes announced meanwhile was missed
   * (a task may even have ended in that gap, and then no later change would ever come).
   */
  onReconnect?(): void;
}

/**
 * Carries task changes and cancel requests between the nodes sharing one database (PostgreSQL
 * LISTEN/NOTIFY, or Redis pub/sub), so a WebSocket client on any node follows a task running on any
 * worker, and a cancel sent to any node stops it within a second. Delivery is best effort: the store stays
 * the truth (clients resume with `since`, and the heartbeat reads `cancel_requested`).
 */
export interface TaskBus {
  /** Announces a change made by this node (coalesced: per task, only the newest of a short window is sent). */
  publish(task: Task): void;
  /** Announces a cancel request. */
  publishCancel(taskId: string): void;
  /** Announces that this node stored log lines `from`..`to` of a task (coalesced per task like changes). */
  publishLogs?(taskId: string, from: number, to: number): void;
  /** Starts listening; messages this node sent itself are not delivered back. */
  listen(handlers: BusHandlers): Promise<void>;
  close(): Promise<void>;
}

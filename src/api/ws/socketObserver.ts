/**
 * Told of the task sockets' lives on this node (src/metrics counts them): each open, each message sent, each
 * close with its code. Must be cheap and must not throw.
 */
export interface SocketObserver {
  /** A socket was opened (the upgrade was accepted). */
  opened(): void;
  /** A message was sent on a socket. */
  sent(): void;
  /** A socket closed with this code (1006: the connection was cut without a close frame). */
  closed(code: number): void;
}

/**
 * The sockets each user has open on this node, for TASKCAST_WS_MAX_PER_USER. A place is taken when an upgrade is
 * accepted and given back when its connection closes, whatever way it ends (handshake aborted, client gone, server
 * closing), so the count never drifts.
 */
export class OpenSockets {
  readonly #byUser = new Map<number, number>();

  constructor(private readonly maxPerUser: number) {}

  /**
   * Takes a place for `userId`, given back once `connection` closes; false (nothing taken) when the user already
   * has `maxPerUser` open.
   */
  take(userId: number, connection: { once(event: 'close', listener: () => void): unknown }): boolean {
    const open = this.#byUser.get(userId) ?? 0;
    if (open >= this.maxPerUser) return false;
    this.#byUser.set(userId, open + 1);
    connection.once('close', () => {
      const left = (this.#byUser.get(userId) ?? 1) - 1;
      if (left > 0) this.#byUser.set(userId, left);
      else this.#byUser.delete(userId);
    });
    return true;
  }

  /** Sockets `userId` has open. */
  count(userId: number): number {
    return this.#byUser.get(userId) ?? 0;
  }
}

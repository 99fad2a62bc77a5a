/**
 * Messages for one user's sockets on this node (the bell's `{type: 'notification'}`): features publish, each open
 * all-tasks socket of that user (`/api/v1/ws/tasks`) sends. In-process only: a message published on one node reaches
 * the sockets open on that node (the web app also polls, so a user on another node sees it within its poll).
 */
export class UserMessages {
  readonly #listeners = new Map<number, Set<(text: string) => void>>();

  /** Calls `listener` with each message for `userId`; returns the stop. */
  subscribe(userId: number, listener: (text: string) => void): () => void {
    let set = this.#listeners.get(userId);
    if (!set) this.#listeners.set(userId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.#listeners.get(userId) === set) this.#listeners.delete(userId);
    };
  }

  /** Sends `message` (serialized once) to every socket of `userId` on this node. */
  publish(userId: number, message: object): void {
    const set = this.#listeners.get(userId);
    if (!set) return;
    const text = JSON.stringify(message);
    for (const listener of set) listener(text);
  }
}

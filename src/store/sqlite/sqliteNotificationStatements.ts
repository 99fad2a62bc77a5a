/** The SQLite notification store's statements, one file each under sql/notifications/ (each with a header naming its parameters). */
import type Database from 'better-sqlite3';
import { readSqlBeside, sqlStatements } from '../sqlFiles.js';

/** The statements, read once at module load, so a missing file stops start-up. */
const SQL = sqlStatements(readSqlBeside(import.meta.url, 'sql', 'notifications'), [
  'now',
  'insertRule',
  'getRule',
  'listRules',
  'updateRule',
  'deleteRule',
  'watchTask',
  'getWatch',
  'unwatchTask',
  'listWatches',
  'recordEvent',
  'pendingEvents',
  'lastEventId',
  'markEventProcessed',
  'insertDelivery',
  'deliveryByKey',
  'insertDigestItem',
  'getFloodWindow',
  'openFloodWindow',
  'claimDeliveries',
  'digestCounts',
  'digestItems',
  'markSent',
  'markRetry',
  'markFailed',
  'insertAppNotification',
  'deliveryCounts',
  'listAppNotifications',
  'unreadCount',
  'markRead',
  'markAllRead',
  'runningTasks',
  'pruneEvents',
  'pruneDeliveries',
  'pruneAppNotifications',
  'pruneFloodWindows',
]);

/** The notification store's prepared statements, by file name (rows are cast where used). */
export type NotificationStatements = Record<keyof typeof SQL, Database.Statement>;

/** Prepares every statement on `db` (whose schema must exist). */
export function prepareNotificationStatements(db: Database.Database): NotificationStatements {
  return Object.fromEntries(Object.entries(SQL).map(([name, sql]) => [name, db.prepare(sql)])) as NotificationStatements;
}

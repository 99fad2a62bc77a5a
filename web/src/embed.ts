/**
 * The web side of Taskcast for an application of its own (package.json `"exports": { "./react": … }`):
 * TaskProgress and the client pieces it runs on (`request` also calls the application's own routes with the
 * session's token). Everything reachable from here imports by relative paths (no
 * `@/` alias), so the application's bundler needs no setting of ours; React, react-dom and antd 5 come from the
 * application. TaskProgress's texts are Russian (web/src/texts.ts); `title` sets the dialog's heading.
 */
export { default as TaskProgress, type TaskProgressProps } from './components/TaskProgress';
export {
  configureApi,
  getSession,
  setSession,
  onSessionChange,
  ApiError,
  request,
  type RequestOptions,
  type ApiSettings,
  type Session,
  type SessionUser,
  type UserRole,
} from './api/client';
export { login, logout } from './api/auth';
export {
  getTaskStatus,
  getTask,
  listTasks,
  cancelTask,
  retryTask,
  isFinalStatus,
  TaskWebSocket,
  TaskSocketError,
  type Task,
  type TaskDetails,
  type TaskAttempt,
  type TaskStatus,
  type TaskList,
  type Json,
  type TaskWebSocketOptions,
} from './api/tasks';

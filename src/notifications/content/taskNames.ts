/** The names of task types in messages (the web app's TASK_TYPE_TEXT in web/src/texts.ts says the same). */

/** Known task types → their Russian name (a feminine noun phrase: «… завершена»). */
export const TASK_TYPE_NAMES: Readonly<Record<string, string>> = {
  sync_bank_transactions: 'Синхронизация банковских операций',
  sync_contractors: 'Синхронизация контрагентов',
};

/** The name of `taskType` in a message: its Russian name, or «Задача «type»» for a type without one. */
export function taskTypeName(taskType: string): string {
  return Object.hasOwn(TASK_TYPE_NAMES, taskType) ? (TASK_TYPE_NAMES[taskType] as string) : `Задача «${taskType}»`;
}

/** True for the bank transactions sync. */
export function isBankSync(taskType: string): boolean {
  return taskType === 'sync_bank_transactions';
}

/** True for the contractors sync. */
export function isContractorsSync(taskType: string): boolean {
  return taskType === 'sync_contractors';
}

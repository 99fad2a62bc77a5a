/**
 * The admin's «Повторить все неудачные»: after a confirmation, every failed task (of the type the list is
 * filtered by, or of every type) goes back to pending (POST /api/v1/tasks/retry), and a message says how many.
 */
import { RedoOutlined } from '@ant-design/icons';
import { App, Button, Modal } from 'antd';
import { useState } from 'react';
import { errorText } from '@/api/errorText';
import { retryTasks } from '@/api/tasks';
import { T, TASK_TYPE_TEXT } from '@/texts';

/** Props of {@link RetryFailedButton}. */
export interface RetryFailedButtonProps {
  /** Only this type's failed tasks; every type when absent. */
  taskType?: string;
  /** Called after the retry, to reload the list. */
  onDone: () => void;
}

/** A button opening the confirmation. */
export default function RetryFailedButton({ taskType, onDone }: RetryFailedButtonProps) {
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);

  const run = async () => {
    setBusy(true);
    try {
      const { retried, spread_s } = await retryTasks({ status: 'failed', task_type: taskType });
      message.success(T.retry.bulkDone(retried, spread_s));
      setOpen(false);
      onDone();
    } catch (err) {
      message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button icon={<RedoOutlined />} onClick={() => setOpen(true)}>
        {T.retry.bulk}
      </Button>
      <Modal
        open={open}
        title={T.retry.bulkTitle}
        okText={T.retry.bulkOk}
        okButtonProps={{ loading: busy }}
        cancelText={T.common.cancel}
        onOk={() => void run()}
        onCancel={() => setOpen(false)}
        width={420}
      >
        <p>{T.retry.bulkText(taskType ? (TASK_TYPE_TEXT[taskType] ?? taskType) : null)}</p>
      </Modal>
    </>
  );
}

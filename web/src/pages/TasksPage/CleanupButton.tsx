/** The admin's clean-up of finished tasks older than a number of hours (with confirmation). */
import { DeleteOutlined } from '@ant-design/icons';
import { App, Button, InputNumber, Modal } from 'antd';
import { useState } from 'react';
import { errorText } from '@/api/errorText';
import { cleanupTasks } from '@/api/tasks';
import { T } from '@/texts';

/** Props of {@link CleanupButton}. */
export interface CleanupButtonProps {
  /** Called after a clean-up, to reload the list. */
  onDone: () => void;
}

/** A button opening the clean-up dialog. */
export default function CleanupButton({ onDone }: CleanupButtonProps) {
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [hours, setHours] = useState<number>(24);
  const [busy, setBusy] = useState(false);

  const run = async () => {
    setBusy(true);
    try {
      const { deleted } = await cleanupTasks(hours);
      message.success(T.tasks.cleanupDone(deleted));
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
      <Button icon={<DeleteOutlined />} onClick={() => setOpen(true)}>
        {T.tasks.cleanup}
      </Button>
      <Modal
        open={open}
        title={T.tasks.cleanupTitle}
        okText={T.tasks.cleanupOk}
        okButtonProps={{ danger: true, loading: busy }}
        cancelText={T.common.cancel}
        onOk={() => void run()}
        onCancel={() => setOpen(false)}
        width={420}
      >
        <label className="field">
          <span className="field__label">{T.tasks.cleanupOlderThan}</span>
          <InputNumber
            min={0}
            max={1_000_000}
            value={hours}
            onChange={(v) => setHours(v ?? 0)}
            aria-label={T.tasks.cleanupOlderThan}
            className="field__control"
          />
        </label>
      </Modal>
    </>
  );
}

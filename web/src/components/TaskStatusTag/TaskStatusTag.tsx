/** The status of a task as a coloured tag with an icon (ожидает, выполняется, завершена, ошибка, отменена). */
import { CheckCircleOutlined, ClockCircleOutlined, CloseCircleOutlined, MinusCircleOutlined, SyncOutlined } from '@ant-design/icons';
import { Tag } from 'antd';
import type { ReactNode } from 'react';
import type { TaskStatus } from '../../api/tasks';
import { STATUS_TEXT } from '../../texts';

const LOOK: Record<TaskStatus, { color: string; icon: ReactNode }> = {
  pending: { color: 'default', icon: <ClockCircleOutlined /> },
  running: { color: 'processing', icon: <SyncOutlined spin /> },
  completed: { color: 'success', icon: <CheckCircleOutlined /> },
  failed: { color: 'error', icon: <CloseCircleOutlined /> },
  cancelled: { color: 'warning', icon: <MinusCircleOutlined /> },
};

/** Props of {@link TaskStatusTag}. */
export interface TaskStatusTagProps {
  status: TaskStatus;
}

/** A tag showing the status name in the status's colour. */
export default function TaskStatusTag({ status }: TaskStatusTagProps) {
  const look = LOOK[status];
  const text = STATUS_TEXT[status];
  return (
    <Tag color={look.color} icon={look.icon} data-status={status} className="status-tag">
      {text.charAt(0).toUpperCase() + text.slice(1)}
    </Tag>
  );
}

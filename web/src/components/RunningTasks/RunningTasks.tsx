/**
 * The header's indicator of the user's running tasks (issue 16): a count on a badge («Ваши задачи в работе: 2» to a
 * screen reader), and on click each task with its progress bar, linking to its page. Nothing while none runs.
 */
import { SyncOutlined } from '@ant-design/icons';
import { Badge, Button, Popover, Progress } from 'antd';
import { useState, type MouseEvent } from 'react';
import { navigate, taskPagePath } from '@/app/router';
import { paramsText } from '@/components/TaskParams';
import { STATUS_TEXT, T, TASK_TYPE_TEXT } from '@/texts';
import { useRunningTasks } from './useRunningTasks';
import './RunningTasks.css';

/** Props of {@link RunningTasks}. */
export interface RunningTasksProps {
  /** The signed-in user (the indicator counts that user's tasks). */
  userId: number;
}

/** The indicator and its popover. */
export default function RunningTasks({ userId }: RunningTasksProps) {
  const tasks = useRunningTasks(userId);
  const [open, setOpen] = useState(false);
  if (tasks.length === 0) return null;

  const openTask = (taskId: string, e: MouseEvent) => {
    if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    setOpen(false);
    navigate(taskPagePath(taskId));
  };

  const content = (
    <div className="running" data-testid="running-tasks">
      <div className="running__title">{T.running.title}</div>
      <ul className="running__list" aria-label={T.running.title}>
        {tasks.map((task) => {
          const name = TASK_TYPE_TEXT[task.task_type] ?? task.task_type;
          const params = paramsText(task);
          return (
            <li key={task.task_id} className="running__item">
              <a href={taskPagePath(task.task_id)} onClick={(e) => openTask(task.task_id, e)} className="running__link">
                <span className="running__name">{name}</span>
                {params && <span className="running__params">{params}</span>}
              </a>
              <Progress
                percent={task.progress}
                size="small"
                status={task.status === 'running' ? 'active' : 'normal'}
                aria-label={`${T.tasks.progress}: ${name}`}
                format={(p) => <span className="num">{p}%</span>}
              />
              <span className="running__status">
                {task.status === 'pending' ? STATUS_TEXT.pending : (task.message ?? STATUS_TEXT.running)}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );

  return (
    <Popover trigger="click" placement="bottomRight" open={open} onOpenChange={setOpen} content={content} arrow={false}>
      <Button type="text" className="app__running" aria-label={T.running.label(tasks.length)}>
        <Badge count={tasks.length} size="small" color="#2459c9">
          <SyncOutlined spin={tasks.some((t) => t.status === 'running')} className="app__running-icon" aria-hidden />
        </Badge>
      </Button>
    </Popover>
  );
}

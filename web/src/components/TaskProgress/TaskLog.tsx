/**
 * «Журнал»: the task's log lines (time, level, message), newest last, in a collapsible section; the newest line
 * stays in view while the section is open and lines arrive.
 */
import { Collapse, Tag } from 'antd';
import { useEffect, useRef } from 'react';
import type { TaskLogLevel, TaskLogLine } from '../../api/tasks';
import { T } from '../../texts';

const LEVEL_COLOR: Record<TaskLogLevel, string> = { debug: 'default', info: 'blue', warn: 'orange', error: 'red' };

/** Props of {@link TaskLog}. */
export interface TaskLogProps {
  lines: readonly TaskLogLine[];
}

/** The log section; nothing while the task has logged nothing. */
export default function TaskLog({ lines }: TaskLogProps) {
  const listRef = useRef<HTMLOListElement>(null);
  useEffect(() => {
    const list = listRef.current;
    if (list) list.scrollTop = list.scrollHeight;
  }, [lines]);
  if (lines.length === 0) return null;
  return (
    <Collapse
      size="small"
      className="task-log"
      items={[
        {
          key: 'log',
          label: T.progress.log.title(lines.length),
          children: (
            <ol className="task-log__lines" ref={listRef} aria-label={T.progress.log.label}>
              {lines.map((line) => (
                <li key={line.seq} className={`task-log__line task-log__line--${line.level}`}>
                  <time className="task-log__time num" dateTime={line.at}>
                    {new Date(line.at).toLocaleTimeString('ru-RU')}
                  </time>
                  <Tag color={LEVEL_COLOR[line.level]} className="task-log__level">
                    {T.progress.log.levels[line.level]}
                  </Tag>
                  <span className="task-log__message">{line.message}</span>
                </li>
              ))}
            </ol>
          ),
        },
      ]}
    />
  );
}

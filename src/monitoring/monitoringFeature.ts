/**
 * The monitoring without Prometheus (issue 14) as a feature: the node's per-minute roll-up (every node runs one;
 * each minute is written once) and GET /api/v1/metrics/summary for the «Мониторинг» page.
 */
import type { Feature, FeatureDeps } from '../api/index.js';
import { MONITORING_DEFAULTS, type MonitoringSettings } from './defaults.js';
import { MinuteRollup } from './MinuteRollup.js';
import type { TaskMinuteStore } from './port.js';
import { metricsSummaryRoutes } from './routes/metricsSummaryRoutes.js';

/** What the feature needs: the figures' store (src/store's openTaskMinuteStore) and its settings (unset: MONITORING_DEFAULTS). */
export interface MonitoringFeatureDeps extends FeatureDeps {
  taskMinutes?: TaskMinuteStore;
  monitoring?: Partial<MonitoringSettings>;
}

export const monitoringFeature: Feature<MonitoringFeatureDeps> = {
  name: 'monitoring',
  setup({ logger, taskMinutes, monitoring }) {
    if (!taskMinutes) return {};
    const rollup = new MinuteRollup(taskMinutes, { ...MONITORING_DEFAULTS, ...monitoring }, logger);
    rollup.start();
    return {
      routes: (app) => metricsSummaryRoutes(app, { store: taskMinutes }),
      close: () => rollup.stop(),
    };
  },
};

/** The composition root: opens the storage, creates the engine, sets up the features and listens. */
export { startServer, type RunningServer } from './startServer.js';
export { createEngineNode, type EngineNode, type ServerFeatureDeps } from './startEngine.js';
export { createLogger } from './createLogger.js';
export { listenMetrics, type MetricsListener } from './metricsListener.js';
export { onShutdownSignal, surviveStrayRejections } from './shutdown.js';

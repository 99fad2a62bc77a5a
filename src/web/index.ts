/** Serving the web app: the server feature, its routes and the build check. */
export { webFeature, createWebFeature } from './webFeature.js';
export { webRoutes, isPagePath } from './webRoutes.js';
export {
  defaultWebPaths,
  buildStaleness,
  newestSourceTime,
  ensureWebApp,
  buildWebApp,
  type WebPaths,
  type StaleReason,
} from './webBuild.js';

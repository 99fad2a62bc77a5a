// Starts a simulated 1C OData server on node:http: generated data, the OData publication, the admin API under
// /_sim/ and fault injection. Listens on 127.0.0.1 and a free port by default, so tests can run many at once.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SimulatorOptions } from './simulatorOptions.js';
import { resolveSimulatorOptions } from './simulatorOptions.js';
import { generateDataset } from './dataset/generateDataset.js';
import { SimulatorData } from './SimulatorData.js';
import type { SimulatorFaults } from './faults.js';
import { FaultInjector, validateFaults } from './faults.js';
import type { RequestLogEntry, SimulatorStats } from './requestStats.js';
import { RequestStats } from './requestStats.js';
import { SimulatorConfigError, ODataRequestError } from './errors.js';
import { handleODataRequest } from './http/handleODataRequest.js';
import { SelectionCache } from './http/collectionQuery.js';
import { handleAdminRequest } from './http/handleAdminRequest.js';
import { checkBasicAuth } from './http/checkBasicAuth.js';
import { sendBadGatewayPage, sendBody, sendODataError, sendQueryTooLongPage, sendUnavailablePage } from './http/httpResponses.js';
import type { HookedRequest, RequestHook } from './requestHook.js';
import { basicAuthUser } from './http/checkBasicAuth.js';

/** A running simulator. */
export interface RunningSimulator {
  /** The OData base URL, e.g. http://127.0.0.1:41234/demo/odata/standard.odata/ (ends with '/'). */
  url: string;
  /** http://host:port. */
  origin: string;
  /** Base URL of the admin API, http://host:port/_sim/. */
  adminUrl: string;
  /** The port it listens on. */
  port: number;
  /** Direct access to the records (the admin API uses the same object). */
  data: SimulatorData;
  /** Ref_Key → the category each generated document is meant to have (none for records inserted later). */
  expectedCategories: ReadonlyMap<string, string>;
  /** Emits 'request' with a RequestLogEntry as each request arrives, before any latency or fault. */
  events: EventEmitter;
  /** Current fault settings. */
  faults(): SimulatorFaults;
  /** Merges fault settings (failAtRequests counts from now); returns the result. */
  setFaults(faults: Partial<SimulatorFaults>): SimulatorFaults;
  /** Turns every fault off. */
  clearFaults(): SimulatorFaults;
  /** Counters and the recent request log. */
  stats(): SimulatorStats;
  /** Resolves with the next arriving request that matches; call it before making the request. */
  waitForRequest(match?: (entry: RequestLogEntry) => boolean): Promise<RequestLogEntry>;
  /** Replaces the request hook (null removes it); see SimulatorOptions.requestHook. */
  setRequestHook(hook: RequestHook | null): void;
  /** Stops listening and drops every connection, hung ones included. */
  close(): Promise<void>;
}

/** Generates the data and starts listening; throws SimulatorConfigError on a bad option or a busy port. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const settings = resolveSimulatorOptions(options);
  const dataset = generateDataset(settings);
  const data = new SimulatorData(dataset, settings.seed);
  const faults = new FaultInjector(settings.seed);
  const stats = new RequestStats(settings.requestLogSize);
  const cache = new SelectionCache();
  const events = new EventEmitter();
  const shutdown = new AbortController();
  const basePath = `/${settings.publication}/odata/standard.odata`;
  faults.set(settings.faults, 0);
  let baseUrl = '';
  let requestHook = settings.requestHook;
  const restricted = settings.restrictedUser;
  const control = {
    faults: (): SimulatorFaults => faults.view(stats.odataRequests),
    setFaults: (f: Partial<SimulatorFaults>): SimulatorFaults => {
      faults.set(validateFaults(f), stats.odataRequests);
      return faults.view(stats.odataRequests);
    },
    clearFaults: (): SimulatorFaults => {
      faults.clear();
      return faults.view(stats.odataRequests);
    },
    stats: (): SimulatorStats => stats.snapshot(),
  };

  const serveOData = async (req: IncomingMessage, res: ServerResponse, rest: string, query: string): Promise<void> => {
    // The web server in front (IIS) refuses a long query string before 1C or any fault sees it.
    if (Buffer.byteLength(query) > settings.maxQueryStringBytes) return sendQueryTooLongPage(res);
    const number = stats.odataRequests;
    const decision = faults.decide(stats.odataRequests);
    if (decision.latencyMs > 0) {
      try {
        await sleep(decision.latencyMs, undefined, { signal: shutdown.signal });
      } catch {
        return;
      }
    }
    if (decision.fault !== null) stats.countFault(decision.fault);
    // Proxy-level faults come before 1C sees the request, so before authentication.
    if (decision.fault === 'hang') return;
    if (decision.fault === 'badGateway') return sendBadGatewayPage(res);
    const retryAfter = { 'Retry-After': String(faults.retryAfterSeconds) };
    if (decision.fault === 'rateLimit') return sendBody(res, 429, 'text/plain;charset=utf-8', '429 Too Many Requests', retryAfter);
    if (decision.fault === 'unavailable') return sendUnavailablePage(res, retryAfter);
    const isRestricted = restricted !== null && checkBasicAuth(req.headers.authorization, restricted);
    if (!isRestricted && !checkBasicAuth(req.headers.authorization, settings.credentials)) {
      return sendBody(res, 401, 'text/plain;charset=utf-8', '401 Unauthorized', { 'WWW-Authenticate': 'Basic realm="1C:Enterprise"' });
    }
    if (decision.fault === 'fail500')
      return sendODataError(res, 500, '-1', 'Внутренняя ошибка сервера (неисправность задана в симуляторе)');
    try {
      if (requestHook) await requestHook(hookedRequest(number, rest, query, basicAuthUser(req.headers.authorization)), data);
      const answer = handleODataRequest(
        { method: req.method ?? 'GET', path: rest, query, baseUrl },
        {
          data,
          cache,
          onIgnoredFilter: () => stats.countIgnoredFilter(),
          visibility: { organisation: isRestricted ? restricted.organisation : null, allowedOnly: false },
        },
      );
      let body = answer.body;
      if (answer.json && faults.takeMalformedJson()) {
        stats.countFault('malformedJson');
        body = body.slice(0, Math.max(1, Math.floor(body.length / 2)));
      }
      sendBody(res, answer.status, answer.contentType, body);
    } catch (error) {
      if (error instanceof ODataRequestError) return sendODataError(res, error.status, error.odataCode, error.message);
      sendODataError(res, 500, '-1', `Внутренняя ошибка симулятора: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    const queryStart = url.indexOf('?');
    const rawPath = queryStart < 0 ? url : url.slice(0, queryStart);
    const query = queryStart < 0 ? '' : url.slice(queryStart + 1);
    const isOData = rawPath === basePath || rawPath.startsWith(`${basePath}/`);
    const isAdmin = rawPath === '/_sim' || rawPath.startsWith('/_sim/');
    const entry = stats.record(req.method ?? 'GET', url, isOData ? 'odata' : isAdmin ? 'admin' : 'other');
    res.on('finish', () => {
      entry.status = res.statusCode;
      entry.answeredAt = Date.now();
    });
    if (isOData) res.on('close', stats.odataStarted());
    events.emit('request', { ...entry });
    if (isAdmin) {
      void handleAdminRequest(req, res, rawPath, { data, ...control });
    } else if (isOData) {
      void serveOData(req, res, rawPath.slice(basePath.length + 1), query);
    } else {
      sendBody(res, 404, 'text/plain;charset=utf-8', `404 Not Found: the OData base is ${basePath}/`);
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new SimulatorConfigError('port', `порт ${settings.port} уже занят`) : error);
    });
    server.listen(settings.port, settings.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  const origin = `http://${host}:${port}`;
  baseUrl = `${origin}${basePath}/`;

  return {
    url: baseUrl,
    origin,
    adminUrl: `${origin}/_sim/`,
    port,
    data,
    expectedCategories: dataset.expectedCategories,
    events,
    ...control,
    setRequestHook: (hook) => {
      requestHook = hook;
    },
    waitForRequest: (match = () => true) =>
      new Promise((resolve) => {
        const listener = (entry: RequestLogEntry): void => {
          if (!match(entry)) return;
          events.off('request', listener);
          resolve(entry);
        };
        events.on('request', listener);
      }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        shutdown.abort();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function hookedRequest(number: number, rawPath: string, query: string, user: string): HookedRequest {
  const params = new Map<string, string>();
  for (const part of query.split('&')) {
    const eq = part.indexOf('=');
    if (part === '') continue;
    try {
      params.set(decodeURIComponent(eq < 0 ? part : part.slice(0, eq)), decodeURIComponent(eq < 0 ? '' : part.slice(eq + 1)));
    } catch {
      // A badly encoded parameter is answered by the handler with 400; the hook just does not see it.
    }
  }
  let path = rawPath;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    // Same: the handler answers it.
  }
  return { number, path, params, user };
}

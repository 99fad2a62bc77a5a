// The admin API under /_sim/ (outside the OData path, no auth — the simulator is a test tool bound to loopback):
//   GET    /_sim/stats                               counters and recent requests
//   GET    /_sim/faults   POST (merge)   DELETE (clear) fault settings
//   POST   /_sim/records                             {"set": "...", "record": {...}} → inserted record (201)
//   GET    /_sim/records/:set/:guid                  the record
//   PATCH  /_sim/records/:set/:guid                  {field: value, ...} → updated record (new DataVersion)
//   POST   /_sim/records/:set/:guid/delete-mark      {"deletionMark": true|false} (default true)
//   DELETE /_sim/records/:set/:guid                  physical deletion (204)
// Errors: {"error": {"code": "...", "message": "..."}}.
// A web page the operator has open could still reach a loopback port: a cross-site `text/plain` POST needs no
// preflight. So requests with a body must be `application/json` (which browsers only send cross-site after a
// CORS preflight this server never grants: 415 otherwise), and a request whose Origin is not the simulator's
// own is refused (403) whatever its method.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isOneCSetName } from '../../wire/index.js';
import type { OneCSetName } from '../../wire/index.js';
import type { SimulatorData } from '../SimulatorData.js';
import type { SimulatorFaults } from '../faults.js';
import { validateFaults } from '../faults.js';
import type { SimulatorStats } from '../requestStats.js';
import { OneCError } from '../../errors/index.js';
import { SimulatorRecordNotFoundError } from '../errors.js';
import { readJsonBody, sendBody, sendJson } from './httpResponses.js';

/** What the admin API may read and change. */
export interface AdminContext {
  data: SimulatorData;
  faults(): SimulatorFaults;
  setFaults(faults: Partial<SimulatorFaults>): SimulatorFaults;
  clearFaults(): SimulatorFaults;
  stats(): SimulatorStats;
}

class AdminHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Handles a request whose path starts with /_sim; `rawPath` is still percent-encoded. */
export async function handleAdminRequest(req: IncomingMessage, res: ServerResponse, rawPath: string, ctx: AdminContext): Promise<void> {
  try {
    const segments = rawPath
      .split('/')
      .filter((s) => s !== '')
      .slice(1)
      .map(decodeSegment);
    const method = req.method ?? 'GET';
    refuseForeignOrigin(req);
    if (method === 'POST' || method === 'PATCH' || method === 'PUT') requireJsonContentType(req);
    const route = segments.join('/');
    if (route === 'stats') {
      requireMethod(method, ['GET']);
      return sendJson(res, 200, ctx.stats());
    }
    if (route === 'faults') {
      if (method === 'GET') return sendJson(res, 200, ctx.faults());
      if (method === 'POST') return sendJson(res, 200, ctx.setFaults(validateFaults(await readBody(req))));
      if (method === 'DELETE') return sendJson(res, 200, ctx.clearFaults());
      throw methodNotAllowed(method);
    }
    if (segments[0] !== 'records') throw new AdminHttpError(404, 'NOT_FOUND', `Нет такого адреса: ${rawPath}`);
    if (segments.length === 1) {
      requireMethod(method, ['POST']);
      const { set, record } = (await readBody(req)) as { set?: unknown; record?: unknown };
      if (typeof set !== 'string' || typeof record !== 'object' || record === null || Array.isArray(record)) {
        throw new AdminHttpError(400, 'BAD_REQUEST', 'Ожидается {"set": "<набор>", "record": {…}}');
      }
      return sendJson(res, 201, ctx.data.insert(requireSet(set), record as Record<string, unknown>));
    }
    const [, setName = '', guid = '', action] = segments;
    const set = requireSet(setName);
    if (segments.length === 3) {
      if (method === 'GET') {
        const record = ctx.data.get(set, guid);
        if (!record) throw new SimulatorRecordNotFoundError(set, guid);
        return sendJson(res, 200, record);
      }
      if (method === 'PATCH') {
        const patch = await readBody(req);
        if (typeof patch !== 'object' || patch === null || Array.isArray(patch))
          throw new AdminHttpError(400, 'BAD_REQUEST', 'Ожидается объект с полями');
        return sendJson(res, 200, ctx.data.update(set, guid, patch as Record<string, unknown>));
      }
      if (method === 'DELETE') {
        ctx.data.remove(set, guid);
        return sendBody(res, 204, 'text/plain', '');
      }
      throw methodNotAllowed(method);
    }
    if (segments.length === 4 && action === 'delete-mark') {
      requireMethod(method, ['POST']);
      const body = (await readBody(req)) as { deletionMark?: unknown } | null;
      const mark = body?.deletionMark ?? true;
      if (typeof mark !== 'boolean') throw new AdminHttpError(400, 'BAD_REQUEST', 'deletionMark должно быть true или false');
      return sendJson(res, 200, ctx.data.setDeletionMark(set, guid, mark));
    }
    throw new AdminHttpError(404, 'NOT_FOUND', `Нет такого адреса: ${rawPath}`);
  } catch (error) {
    sendAdminError(res, error);
  }
}

/** 403 when the request comes from a page of another origin (the Origin header names another host). */
function refuseForeignOrigin(req: IncomingMessage): void {
  const origin = req.headers.origin;
  if (origin === undefined) return; // not sent by a browser page (curl, tests, the sync client)
  let host: string | null = null;
  try {
    const parsed = new URL(origin);
    host = parsed.protocol === 'http:' ? parsed.host : null;
  } catch {
    host = null; // "null" (sandboxed pages, file://) and anything unparsable is foreign too
  }
  if (host === null || host !== req.headers.host) {
    throw new AdminHttpError(403, 'FOREIGN_ORIGIN', `Запросы со страниц другого источника запрещены: ${origin}`);
  }
}

/** 415 unless the body is declared as JSON (application/json or a +json type). */
function requireJsonContentType(req: IncomingMessage): void {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(type)) {
    throw new AdminHttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Ожидается Content-Type: application/json');
  }
}

function requireMethod(method: string, allowed: string[]): void {
  if (!allowed.includes(method)) throw methodNotAllowed(method);
}

function methodNotAllowed(method: string): AdminHttpError {
  return new AdminHttpError(405, 'METHOD_NOT_ALLOWED', `Метод ${method} здесь не поддерживается`);
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new AdminHttpError(400, 'BAD_REQUEST', `Неверная кодировка в пути: ${segment}`);
  }
}

function requireSet(name: string): OneCSetName {
  if (!isOneCSetName(name)) throw new AdminHttpError(404, 'UNKNOWN_SET', `Нет набора сущностей ${name}`);
  return name;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  try {
    return await readJsonBody(req);
  } catch (error) {
    throw new AdminHttpError(400, 'BAD_JSON', `Тело запроса не JSON: ${(error as Error).message}`);
  }
}

function sendAdminError(res: ServerResponse, error: unknown): void {
  if (error instanceof AdminHttpError) return sendJson(res, error.status, { error: { code: error.code, message: error.message } });
  if (error instanceof OneCError) {
    const status = error.code === 'ONEC_SIM_RECORD_NOT_FOUND' ? 404 : 400;
    return sendJson(res, status, { error: { code: error.code, message: error.message } });
  }
  sendJson(res, 500, { error: { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) } });
}

/**
 * The real Taskcast API with notifications (issue 15) for the component tests: the notifications feature (its
 * routes, the notifier that turns a watched task's end into a bell line and sends it over the user's sockets)
 * beside scripted task types, the web client signed in as the admin.
 */
import { notificationsFeature } from '../../src/notifications/index.js';
import { startTestServer, type TestServer } from '../../test/support/testServer.js';
import { signIn, type ScriptedTaskType } from './liveServer';

/** A test server with notifications that runs `types`, the web client signed in as its admin. */
export async function startLiveNotificationServer(...types: ScriptedTaskType[]): Promise<TestServer> {
  const server = await startTestServer({ setup: (engine) => types.forEach((t) => t.define(engine)), features: [notificationsFeature] });
  signIn(server, server.admin);
  return server;
}

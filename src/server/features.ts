import type { FastifyInstance } from 'fastify';
import type { Logger as PinoLogger } from 'pino';
import type { ApiContext } from '../api/index.js';
import type { Config } from '../config/index.js';
import type { TaskEngine } from '../engine/index.js';
import type { Storage } from '../store/index.js';

/** What a feature gets to set itself up. */
export interface FeatureDeps {
  config: Config;
  engine: TaskEngine;
  storage: Storage;
  logger: PinoLogger;
}

/** A feature set up on a server: its routes and what to close on shutdown. */
export interface EnabledFeature {
  routes?: (app: FastifyInstance, ctx: ApiContext) => void | Promise<void>;
  close?: () => Promise<void>;
}

/** A part of the application built on the engine (the 1C sync, the web app). */
export interface Feature {
  name: string;
  setup(deps: FeatureDeps): Promise<EnabledFeature>;
}

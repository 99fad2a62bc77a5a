import type { FastifyInstance } from 'fastify';
import type { Logger as PinoLogger } from 'pino';
import type { TaskEngine } from '../engine/index.js';
import type { ApiContext } from './context.js';

/** What every feature gets to set itself up; a feature may ask for more (its `Deps`), which the host supplies. */
export interface FeatureDeps {
  engine: TaskEngine;
  logger: PinoLogger;
}

/** A feature set up on a server: its routes and what to close on shutdown. */
export interface EnabledFeature {
  routes?: (app: FastifyInstance, ctx: ApiContext) => void | Promise<void>;
  close?: () => Promise<void>;
}

/**
 * A part of an application built on the engine: its task types (defined on `deps.engine` in `setup`), its
 * routes and its clean-up. The 1C sync and the web app of this repository are features; so is an embedding
 * application's own (docs/embedding.md).
 */
export interface Feature<Deps extends FeatureDeps = FeatureDeps> {
  name: string;
  setup(deps: Deps): Promise<EnabledFeature>;
}

import type { FastifyInstance } from 'fastify';
import type { Logger, TaskEngine, TaskTypeDefinition } from '../engine/index.js';
import type { ApiContext } from './context.js';

/** What every feature gets to set itself up; a feature may ask for more (its `Deps`), which the host supplies. */
export interface FeatureDeps {
  engine: TaskEngine;
  logger: Logger;
}

/** Routes a feature mounts inside the task API (under its prefix and its authentication). */
export type FeatureRoutes = (app: FastifyInstance, ctx: ApiContext) => void | Promise<void>;

/** A feature set up on a server: its task types, its routes and what to close on shutdown. */
export interface EnabledFeature {
  /** Task types the host defines on the engine (a feature may also call `deps.engine.defineTaskType` itself). */
  taskTypes?: readonly TaskTypeDefinition<never>[];
  routes?: FeatureRoutes;
  close?: () => Promise<void>;
}

/**
 * A part of an application built on the engine: its task types, its routes and its clean-up. The 1C sync and
 * the web app of this repository are features; so is an embedding application's own (docs/embedding.md).
 */
export interface Feature<Deps extends FeatureDeps = FeatureDeps> {
  name: string;
  setup(deps: Deps): Promise<EnabledFeature> | EnabledFeature;
}

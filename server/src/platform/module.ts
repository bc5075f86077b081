import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Sequelize } from 'sequelize';
import type { PlatformDeps } from './deps';
import type { ApiRouter } from './http/api-router';

/**
 * What a business module hands to the composition root through its door (`index.ts`). The api, the services
 * and the worker loop over the list in `modules/registry.ts`, so adding a module is one folder and one line
 * there. `D` is what the module needs beyond the platform (an integration client, a port of another module);
 * the composition root's Services satisfy every module's D.
 */
export interface ModuleDefinition<D extends PlatformDeps = PlatformDeps> {
  readonly name: string;
  /** Sequelize models of the tables this module owns (and only those). */
  initModels?(sequelize: Sequelize): void;
  /** Member and admin routes. */
  routes?(api: ApiRouter, deps: D): void;
  /**
   * A gate run on the bare request before the web framework sees it, for an endpoint whose crowd the framework's
   * per-request cost would decide (issue 12: the flash sale). Either an answer from memory that needs nothing of
   * the request chain (the sold-out flag), or a member route served whole by platform/http/lean-route.ts, which
   * does what the chain does for it (request id, body, token, validation, errors, logs, metrics). Returns true
   * when it took the request; false lets it go on to Koa.
   */
  gate?(deps: D): RequestGate;
  /** Event subscriptions; called in every process that runs the workers, before events flow. */
  listeners?(deps: D): void;
  /** Bull processors and repeatable jobs; called in every process that runs the workers. */
  jobs?(deps: D): Promise<void> | void;
  /**
   * Queries returning the rows that break one of this module's invariants (none, always): run by the tests
   * and by `npm run check:invariants` against any database.
   */
  invariants?: readonly InvariantQuery[];
  /** Admin permissions this module's routes declare: name -> what it allows. */
  permissions?: Readonly<Record<string, string>>;
}

/** Answers a request from memory (true) or leaves it untouched (false). */
export type RequestGate = (req: IncomingMessage, res: ServerResponse) => boolean;

export interface InvariantQuery {
  name: string;
  sql: string;
}

/** Identity with a type: keeps each module's definition checked against the interface where it is written. */
export function defineModule<D extends PlatformDeps>(definition: ModuleDefinition<D>): ModuleDefinition<D> {
  return definition;
}

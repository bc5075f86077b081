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
   * A gate run on the bare request before the web framework sees it (no context, request id, metrics, body
   * parsing, routing or auth), for an answer that must cost next to nothing (issue 12: the flash sale's sold-out
   * answer to a crowd). It answers only what it knows from memory, without a caller's identity, and returns true
   * when it answered; false lets the request go on.
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

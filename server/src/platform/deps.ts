import type { Sequelize } from 'sequelize';
import type { Config } from './config';
import type { DomainEvents } from './events/domain-events';
import type { TokenService } from './http/auth';
import type { Metrics } from './http/metrics';
import type { Logger } from './logger';
import type { Queues } from './queue/queues';
import type { Redis } from './redis';

/** The process-wide parts every module receives; integrations are added by the composition root. */
export interface PlatformDeps {
  config: Config;
  logger: Logger;
  sequelize: Sequelize;
  redis: Redis;
  queues: Queues;
  tokens: TokenService;
  metrics: Metrics;
  /** Domain events: recorded in the transaction (outbox), relayed after commit, delivered by the worker. */
  events: DomainEvents;
}

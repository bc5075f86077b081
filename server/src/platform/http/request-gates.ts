import type { IncomingMessage, ServerResponse } from 'node:http';
import type Koa from 'koa';
import type { RequestGate } from '../module';

type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

/**
 * Puts the modules' gates in front of Koa: a request a gate answers never becomes a Koa context. Both ways of
 * serving the app go through `app.callback()` (`app.listen` and the tests' servers), so both are gated.
 */
export function gateRequests(app: Koa, gates: readonly RequestGate[]): void {
  if (gates.length === 0) return;
  const koaCallback = app.callback.bind(app) as () => Handler;
  (app as unknown as { callback: () => Handler }).callback = () => {
    const handle = koaCallback();
    return (req, res) => {
      for (const gate of gates) if (gate(req, res)) return undefined;
      return handle(req, res);
    };
  };
}

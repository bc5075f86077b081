import { metricsRefusal } from './metrics';

const TOKEN = 'prometheus-scrape-token-0123';

test.each([
  ['test mode without a token configured: open', { mode: 'test', metricsToken: undefined }, undefined, undefined],
  ['production without a token configured: refused', { mode: 'production', metricsToken: undefined }, undefined, 403],
  ['a token configured, none sent', { mode: 'quickstart', metricsToken: TOKEN }, undefined, 401],
  ['a token configured, a wrong one sent', { mode: 'production', metricsToken: TOKEN }, 'Bearer nope', 401],
  ['a token configured, sent without Bearer', { mode: 'production', metricsToken: TOKEN }, TOKEN, 401],
  ['a token configured and sent', { mode: 'production', metricsToken: TOKEN }, `Bearer ${TOKEN}`, undefined],
] as const)('%s', (_, config, authorization, status) => {
  expect(metricsRefusal(config, authorization)?.status).toBe(status);
});

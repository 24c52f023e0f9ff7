// The sandbox: a local Jasper-compatible API server for tests, demos and trying the CLI
// without a tenant (Jasper offers no sandbox tenants).

export { startSandbox, isLoopback, DEFAULT_HOST, type StartedSandbox } from './server.js';
export { parseRateLimit, type RateLimit } from './rate-limit.js';
export { serveSandbox } from './serve.js';
export { formatPingTime } from './routes/ping-routes.js';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './routes/product-routes.js';
export { PRICE_AMOUNT_REQUIRED } from './routes/price-routes.js';
export type * from './types.js';

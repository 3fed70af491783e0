export * from './lib/incident-kinds';
export * from './lib/response-plans';
export * from './lib/recommend';
export * from './lib/incident-lifecycle';
export * from './lib/socket-contract';
export * from './lib/desk-contract';
export * from './lib/call-facts';
export * from './lib/queue-order';

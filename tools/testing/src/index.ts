export * from './services-env';
export * from './test-db';
export * from './spawn-api';
export * from './browser';
export * from './compose';
export * from './tcp-proxy';
export * from './demo-console';
export * from './data-dir';

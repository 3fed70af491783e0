export * from './lib/unit-status';

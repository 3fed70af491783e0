export * from './lib/incident-kinds';

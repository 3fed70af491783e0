export * from './lib/unit-status';
export * from './lib/capabilities';
export * from './lib/unit-kinds';
export * from './lib/station-kinds';
export * from './lib/avl';
export * from './lib/demo-roster';

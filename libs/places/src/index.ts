export * from './lib/normalize';
export * from './lib/query';
export * from './lib/rank';
export * from './lib/csv';
export * from './lib/place-file';
export * from './lib/demo-gazetteer';

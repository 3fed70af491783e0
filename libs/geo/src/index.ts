export * from './lib/coords';
export * from './lib/crs';
export * from './lib/distance';

export * from './lib/messages';
export * from './lib/verify';
export * from './lib/gb26875-frame';
export * from './lib/gb26875-stream';
export * from './lib/gb26875-data';
export * from './lib/alarm-view';

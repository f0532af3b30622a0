export { demoConfig, type DemoConfig } from './config.js';
export { startDemoSource, type DemoSourceOptions, type RunningDemoSource } from './source.js';
export { createDemoStream, type DemoStream, type DemoStreamOptions } from './stream.js';

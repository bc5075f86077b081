import nodeModule from 'node:module';

/**
 * Imported first by main.ts and worker.ts. On Node 22.1 and later, V8 keeps the code it compiled on disk between
 * starts, and a restarted process skips most of the parsing that is about a quarter of its boot (see README,
 * "Production build"). On Node 20 this does nothing.
 */
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

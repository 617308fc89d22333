export { PostgresStore } from './postgres-store.js'
export type { PostgresStoreOptions } from './store-options.js'
export { migrate } from './migrate.js'

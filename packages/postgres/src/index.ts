export { PostgresStore, type PostgresStoreOptions } from './postgres-store.js'
export { migrate } from './migrate.js'

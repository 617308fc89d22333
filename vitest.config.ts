import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const src = (path: string) => fileURLToPath(new URL(path, import.meta.url))

// Tests run against the TypeScript sources, so `pnpm test` needs no build first.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@callhook\/core\/adapter$/, replacement: src('./packages/core/src/adapter/index.ts') },
      { find: /^@callhook\/core\/store-kit$/, replacement: src('./packages/core/src/store-kit/index.ts') },
      { find: /^@callhook\/core\/render$/, replacement: src('./packages/core/src/render/index.ts') },
      { find: /^@callhook\/core\/testing$/, replacement: src('./packages/core/src/testing/index.ts') },
      { find: /^@callhook\/core$/, replacement: src('./packages/core/src/index.ts') },
      { find: /^@callhook\/express$/, replacement: src('./packages/express/src/index.ts') },
      { find: /^@callhook\/koa$/, replacement: src('./packages/koa/src/index.ts') },
      { find: /^@callhook\/fastify$/, replacement: src('./packages/fastify/src/index.ts') },
      { find: /^@callhook\/fetch$/, replacement: src('./packages/fetch/src/index.ts') },
      { find: /^@callhook\/sqlite$/, replacement: src('./packages/sqlite/src/index.ts') },
      { find: /^@callhook\/portal\/server$/, replacement: src('./packages/portal/src/server/index.ts') },
      { find: /^@callhook\/postgres$/, replacement: src('./packages/postgres/src/index.ts') },
    ],
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
})

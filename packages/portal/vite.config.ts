import { defineConfig, type Plugin } from 'vite'

/** Adds `callhook-portal.js`, an unhashed module that re-exports the hashed bundle, for `import '@callhook/portal'`. */
function stableEntry(): Plugin {
  return {
    name: 'callhook-stable-entry',
    generateBundle(_options, bundle) {
      const entry = Object.values(bundle).find((chunk) => chunk.type === 'chunk' && chunk.isEntry && chunk.name === 'callhook-portal')
      if (!entry) this.error('the callhook-portal entry chunk is missing')
      this.emitFile({ type: 'asset', fileName: 'callhook-portal.js', source: `export * from './${entry.fileName}'\n` })
    },
  }
}

// The element is bundled (Lit included) into hashed static files under dist/assets; the server
// module reads dist/.vite/manifest.json to find them.
export default defineConfig({
  publicDir: false,
  // @callhook/core/render from its TypeScript source (pure renderers, bundled for the live preview).
  resolve: { conditions: ['callhook-source', 'module', 'browser', 'development|production'] },
  plugins: [stableEntry()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    target: 'es2022',
    modulePreload: false,
    rollupOptions: {
      input: { 'callhook-portal': 'src/element/index.ts', page: 'src/element/page.css' },
      output: { entryFileNames: 'assets/[name]-[hash].js', assetFileNames: 'assets/[name]-[hash][extname]' },
      preserveEntrySignatures: 'exports-only',
    },
  },
})

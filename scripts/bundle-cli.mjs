// Bundles the CLI entry into dist/main.js. Loading one file instead of several hundred modules
// (typebox alone has ~700) roughly halves start-up time and saves ~15 MB of resident memory.
// dist/index.js (the library) stays unbundled, as tsc writes it.
import { build } from 'esbuild'

await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/main.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // Packages that find files beside their own modules stay packages: Swagger UI serves its static
  // files from its folder, and pino starts transports (LOG_FORMAT=pretty) from its lib/worker.js.
  // selfsigned is loaded only for HSS_MOCK_TLS=self-signed, so it stays out of the file every start parses.
  external: ['@fastify/swagger-ui', 'pino', 'selfsigned'],
  // Bundled CommonJS dependencies still call require() for Node's built-in modules.
  banner: { js: "import { createRequire as createRequireForBundle } from 'node:module'\nconst require = createRequireForBundle(import.meta.url)" },
  logLevel: 'warning'
})

// The floor: the cheapest Fastify server that can answer the benchmark's request.
// One schemaless POST route returning {}, no logger, no hooks; hss-mock is measured against it.
import Fastify from 'fastify'

const app = Fastify({ logger: false, bodyLimit: 12 * 1024 * 1024 })
app.post('/v5/:project_id/image/batch-scan', async () => ({}))
await app.listen({ port: Number(process.env.PORT ?? 0), host: process.env.HOST ?? '127.0.0.1' })

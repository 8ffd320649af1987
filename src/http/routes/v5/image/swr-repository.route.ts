import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { ImageRepository } from '../../../../domain/images.js'
import { LIMIT_MIN, listSwrImageRepositorySchema } from './swr-repository.schema.js'

export interface SwrRepositoryRouteOptions {
  images: ImageRepository
  relaxTimeLimits: boolean
}

export const swrRepositoryRoute: FastifyPluginAsyncTypebox<SwrRepositoryRouteOptions> = async (app, { images, relaxTimeLimits }) => {
  app.get('/v5/:project_id/image/swr-repository', { schema: listSwrImageRepositorySchema(relaxTimeLimits) }, async (request) => {
    const { offset = 0, limit = LIMIT_MIN, ...filter } = request.query
    const page = images.query(request.params.project_id, filter, { offset, limit })
    return { total_num: page.total, data_list: page.images }
  })
}

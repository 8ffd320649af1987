import { Type } from '@fastify/type-provider-typebox'
import { SCAN_FAILED_DESCS } from '../../../../domain/images.js'
import { EnterpriseProjectQuery, HssHeaders, ProjectIdParams, hssErrorResponses, timeOrSizeField } from '../../../common.schema.js'

// Limits from shared/reference/hss-api.md (EN doc versions 2024-05/2024-10).
export const OFFSET_MAX = 2_000_000
export const LIMIT_MIN = 10
export const LIMIT_MAX = 200

const ListImageType = Type.Enum(['private_image', 'shared_image', 'local_image', 'instance_image'], {
  description: 'Repository kind; the mock holds no local_image, so that kind lists nothing'
})
// Newer docs list waiting_for_scan, older regional ones download_failed and image_oversized: all are accepted.
const ListScanStatus = Type.Enum(['unscan', 'success', 'scanning', 'failed', 'waiting_for_scan', 'download_failed', 'image_oversized'], {
  description: 'Filter: scan status'
})

export function listSwrImageRepositoryQuery (relaxed: boolean) {
  const int64 = (description: string) => timeOrSizeField(description, relaxed)
  return Type.Object({
    enterprise_project_id: Type.Optional(EnterpriseProjectQuery),
    namespace: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'Filter: organization (substring)' })),
    image_name: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'Filter: image name (substring)' })),
    image_version: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Filter: tag (substring)' })),
    latest_version: Type.Optional(Type.Boolean({ default: false, description: 'Filter: only the latest version of each image' })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: OFFSET_MAX, default: 0, format: 'int32', description: 'Start index' })),
    limit: Type.Optional(Type.Integer({ minimum: LIMIT_MIN, maximum: LIMIT_MAX, default: LIMIT_MIN, format: 'int32', description: 'Page size' })),
    image_type: ListImageType,
    scan_status: Type.Optional(ListScanStatus),
    instance_name: Type.Optional(Type.String({ minLength: 0, maxLength: 128, description: 'Filter: enterprise instance name (substring)' })),
    image_size: Type.Optional(int64('Filter: images of at most this size (bytes)')),
    start_latest_update_time: Type.Optional(int64('Filter: version update time from (epoch ms)')),
    end_latest_update_time: Type.Optional(int64('Filter: version update time to (epoch ms)')),
    start_latest_scan_time: Type.Optional(int64('Filter: last scan completion time from (epoch ms)')),
    end_latest_scan_time: Type.Optional(int64('Filter: last scan completion time to (epoch ms)')),
    has_malicious_file: Type.Optional(Type.Boolean({ description: 'Filter: true only images with malicious files, false only images without' })),
    has_unsafe_setting: Type.Optional(Type.Boolean({ description: 'Filter: true only images with failed baseline checks, false only images without' })),
    has_vul: Type.Optional(Type.Boolean({ description: 'Filter: true only images with vulnerabilities, false only images without' })),
    instance_id: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'Filter: enterprise instance ID (exact)' }))
  })
}

export const AssociateImages = Type.Object({
  image_name: Type.Optional(Type.String()),
  image_version: Type.Optional(Type.String()),
  image_type: Type.Optional(Type.String()),
  namespace: Type.Optional(Type.String()),
  image_digest: Type.Optional(Type.String()),
  scan_status: Type.Optional(Type.String())
}, { title: 'AssociateImages' })

export const PrivateImageRepositoryInfo = Type.Object({
  id: Type.Optional(Type.Integer({ format: 'int64', description: 'Record ID' })),
  namespace: Type.Optional(Type.String({ description: 'Organization' })),
  image_name: Type.Optional(Type.String({ description: 'Image name' })),
  image_id: Type.Optional(Type.String({ description: 'Image ID' })),
  image_digest: Type.Optional(Type.String({ description: 'Digest (sha256:...)' })),
  image_version: Type.Optional(Type.String({ description: 'Tag' })),
  image_type: Type.Optional(Type.String({ description: 'private_image, shared_image or instance_image' })),
  latest_version: Type.Optional(Type.Boolean({ description: 'Is the latest version' })),
  scan_status: Type.Optional(Type.String({ description: 'unscan, success, scanning, failed, download_failed or image_oversized' })),
  scan_failed_desc: Type.Optional(Type.Enum(SCAN_FAILED_DESCS, { description: 'Why the last scan failed' })),
  image_size: Type.Optional(Type.Integer({ format: 'int64', description: 'Size in bytes' })),
  latest_update_time: Type.Optional(Type.Integer({ format: 'int64', description: 'Last update of the version (epoch ms)' })),
  latest_scan_time: Type.Optional(Type.Integer({ format: 'int64', description: 'Last scan completion (epoch ms)' })),
  vul_num: Type.Optional(Type.Integer({ format: 'int32', description: 'Vulnerabilities' })),
  unsafe_setting_num: Type.Optional(Type.Integer({ format: 'int32', description: 'Failed baseline checks' })),
  malicious_file_num: Type.Optional(Type.Integer({ format: 'int32', description: 'Malicious files' })),
  domain_name: Type.Optional(Type.String({ description: 'Owner (shared images)' })),
  shared_status: Type.Optional(Type.String({ description: 'Shared image: expired or effective' })),
  scannable: Type.Optional(Type.Boolean({ description: 'Can be scanned' })),
  instance_name: Type.Optional(Type.String({ description: 'Enterprise instance name' })),
  instance_id: Type.Optional(Type.String({ description: 'Enterprise instance ID' })),
  instance_url: Type.Optional(Type.String({ description: 'Enterprise instance URL' })),
  association_images: Type.Optional(Type.Array(AssociateImages, { description: 'Multi-architecture related images' }))
}, { title: 'PrivateImageRepositoryInfo' })

export const ListSwrImageRepositoryResponse = Type.Object({
  total_num: Type.Integer({ format: 'int32', description: 'Matching images, before paging' }),
  data_list: Type.Array(PrivateImageRepositoryInfo, { description: 'The page of images, in repository order (id ascending)' })
}, { title: 'ListSwrImageRepositoryResponse' })

// test/openjdk:v8.8 of the default fixtures once a scan has finished (image_name=openjdk&image_version=v8.8).
export const listSwrImageRepositoryExample = {
  total_num: 1,
  data_list: [{
    id: 2,
    namespace: 'test',
    image_name: 'openjdk',
    image_id: 'e76b29597f46',
    image_digest: 'sha256:730703fdbff04804a0d99807f24ab9b1644fe6e1ea5f68bf6a08ea2fa21ea11e',
    image_version: 'v8.8',
    image_type: 'private_image',
    latest_version: true,
    scan_status: 'success',
    image_size: 389021696,
    latest_update_time: 1762414200000,
    latest_scan_time: 1767225602000,
    vul_num: 3,
    unsafe_setting_num: 0,
    malicious_file_num: 0,
    scannable: true
  }]
}

export function listSwrImageRepositorySchema (relaxed: boolean) {
  return {
    operationId: 'ListSwrImageRepository',
    tags: ['image'],
    summary: 'Query the SWR image repository image list',
    description: 'Lists the images of the project\'s repository that match the filters, `offset`/`limit` paged; ' +
      '`total_num` counts every match. Clients poll it after BatchScanSwrImage until `scan_status` leaves `scanning`. ' +
      'Names match as substrings, ranges include their bounds, 0 means no bound.',
    params: ProjectIdParams,
    querystring: listSwrImageRepositoryQuery(relaxed),
    headers: HssHeaders,
    response: {
      200: { ...ListSwrImageRepositoryResponse, description: 'The page of matching images', examples: [listSwrImageRepositoryExample] },
      ...hssErrorResponses
    }
  }
}

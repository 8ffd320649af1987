import { Type } from '@fastify/type-provider-typebox'
import { IMAGE_TYPES, SCAN_STATUSES } from '../../../../domain/images.js'
import { EnterpriseProjectQuery, HssHeaders, ProjectIdParams, hssErrorResponses, timeOrSizeField } from '../../../common.schema.js'

// Limits from shared/reference/hss-api.md, odd values included (10241, 2147483547).
export const IMAGE_INFO_LIST_MAX = 10241

const ImageType = Type.Enum(IMAGE_TYPES, {
  description: 'Repository kind: private_image, shared_image or instance_image (SWR enterprise edition)'
})
const ScanStatus = Type.Enum(SCAN_STATUSES, { description: 'Filter: scan status' })

export const BatchScanSwrImageInfo = Type.Object({
  namespace: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Organization (namespace)' })),
  image_name: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'Image (repository) name' })),
  image_version: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'Image tag' })),
  instance_id: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'SWR enterprise instance ID (instance_image only)' })),
  instance_url: Type.Optional(Type.String({ minLength: 0, maxLength: 256, description: 'Download URL of the enterprise image' }))
}, { title: 'BatchScanSwrImageInfo' })

/** The body schema; relaxed (HSS_MOCK_RELAX_TIME_LIMITS) lifts the documented maximum of image_size and the time filters. */
export function batchScanBody (relaxed: boolean) {
  const int64 = (description: string) => timeOrSizeField(description, relaxed)
  return Type.Object({
    repo_type: Type.Optional(Type.Enum(['SWR'], { description: 'Repository type (deprecated); only SWR' })),
    image_info_list: Type.Optional(Type.Array(BatchScanSwrImageInfo, {
      minItems: 0,
      maxItems: IMAGE_INFO_LIST_MAX,
      description: 'Images to scan; required (non-empty) unless operate_all is true'
    })),
    operate_all: Type.Optional(Type.Boolean({ description: 'true: scan every image matching the filter fields; image_info_list is then ignored' })),
    namespace: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'Filter: organization (namespace)' })),
    image_name: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'Filter: image name' })),
    image_version: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'Filter: image tag' })),
    image_type: ImageType,
    scan_status: Type.Optional(ScanStatus),
    latest_version: Type.Optional(Type.Boolean({ description: 'Filter: only the latest version of each image' })),
    image_size: Type.Optional(int64('Filter: image size')),
    start_latest_update_time: Type.Optional(int64('Filter: version update time from (epoch ms)')),
    end_latest_update_time: Type.Optional(int64('Filter: version update time to (epoch ms)')),
    start_latest_scan_time: Type.Optional(int64('Filter: last scan completion time from (epoch ms)')),
    end_latest_scan_time: Type.Optional(int64('Filter: last scan completion time to (epoch ms)'))
  }, { title: 'BatchScanPrivateImageRequestInfo' })
}

export const batchScanExamples = {
  list: {
    summary: 'List mode: scan the given images',
    value: {
      image_type: 'private_image',
      image_info_list: [
        { image_name: 'openjdk', image_version: 'v8.8', namespace: 'test' },
        { image_name: 'openjdk1', image_version: 'v1.0', namespace: 'test1' }
      ]
    }
  },
  all: {
    summary: 'Full mode: scan every image of the type',
    value: { image_type: 'private_image', operate_all: true }
  }
}

export function batchScanSchema (relaxed: boolean) {
  return {
    operationId: 'BatchScanSwrImage',
    tags: ['image'],
    summary: 'Scan images in the image repository in batches',
    description: 'Starts scans of SWR images asynchronously and answers 200 with an empty body. ' +
      'Either a non-empty `image_info_list` or `operate_all: true` is required; with `operate_all: true` ' +
      'the list is ignored and every image of `image_type` that matches the filter fields is scanned. ' +
      'Each selected image shows `scanning` in ListSwrImageRepository until its scan ends with the outcome preset in the ' +
      'repository; an image already scanning keeps its running scan. The mock records the accepted request as a scan job (see `X-Mock-Job-Id` and `GET /_mock/jobs`).',
    params: ProjectIdParams,
    querystring: Type.Object({ enterprise_project_id: Type.Optional(EnterpriseProjectQuery) }),
    headers: HssHeaders,
    body: { ...batchScanBody(relaxed), 'x-examples': batchScanExamples },
    response: {
      200: Type.Object({}, {
        description: 'Scan request accepted (empty body)',
        headers: {
          'X-Request-Id': { type: 'string', description: 'Request ID' },
          'X-Mock-Job-Id': { type: 'string', description: 'ID of the scan job the mock recorded' }
        }
      }),
      ...hssErrorResponses
    }
  }
}

import { AKSKSigner } from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js'
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials.js'
import { ClientBuilder } from '@huaweicloud/huaweicloud-sdk-core/ClientBuilder.js'
import type { HcClient } from '@huaweicloud/huaweicloud-sdk-core/HcClient.js'
import { HttpRequestBuilder } from '@huaweicloud/huaweicloud-sdk-core/http/IHttpRequestBuilder.js'

export const SDK_AK = 'HSSMOCKSDKTESTAK001'
export const SDK_SK = 'hssMockSdkTestSecretKey00000000000000001'

export interface SdkSignedRequest {
  method: 'GET' | 'POST'
  path: string
  query?: Record<string, string>
  headers?: Record<string, string>
  body?: object
  ak?: string
  sk?: string
  /** X-Sdk-Date to sign with, e.g. 20260101T000000Z. */
  date: string
}

/**
 * Signs a request with the official Node SDK's signer and returns what to inject:
 * the SDK serialises the body with JSON.stringify, so the payload is exactly that text.
 */
export function signWithSdk (req: SdkSignedRequest): { url: string, headers: Record<string, string>, payload?: string } {
  const host = '127.0.0.1:8080'
  const request = new HttpRequestBuilder()
    .withEndpoint(`http://${host}${req.path}`)
    .withMethod(req.method)
    .withHeaders({ 'content-type': 'application/json', host, 'X-Sdk-Date': req.date, ...req.headers })
    .withQueryParams(req.query ?? {})
    .withData(req.body)
    .build()
  const credentials = new BasicCredentials().withAk(req.ak ?? SDK_AK).withSk(req.sk ?? SDK_SK)
  const headers = AKSKSigner.sign(request, credentials) as Record<string, string>
  const query = new URLSearchParams(req.query ?? {}).toString()
  return {
    url: query === '' ? req.path : `${req.path}?${query}`,
    headers,
    ...(req.body === undefined ? {} : { payload: JSON.stringify(req.body) })
  }
}

// Stand-ins for the generated Node SDK service package (services/hss/v5: HssClient.ts and its models),
// which is not published on npm; the core that signs and sends its requests is.

/** The body model: snake_case wire fields set through the generated with… methods. */
export class BatchScanPrivateImageRequestInfo {
  image_type?: string
  operate_all?: boolean
  image_info_list?: Array<{ namespace?: string, image_name?: string, image_version?: string }>

  withImageType (value: string): this { this.image_type = value; return this }
  withOperateAll (value: boolean): this { this.operate_all = value; return this }
  withImageInfoList (value: BatchScanPrivateImageRequestInfo['image_info_list']): this { this.image_info_list = value; return this }
}

export class BatchScanSwrImageRequest {
  enterpriseProjectId?: string
  region?: string
  body?: object

  withEnterpriseProjectId (value: string): this { this.enterpriseProjectId = value; return this }
  withRegion (value: string): this { this.region = value; return this }
  withBody (value: object): this { this.body = value; return this }
}

/** HssClient.batchScanSwrImage: the request options the generated client hands to the core. */
export class HssClient {
  static newBuilder (): ClientBuilder<HssClient> {
    return new ClientBuilder((hcClient) => new HssClient(hcClient))
  }

  constructor (private readonly hcClient: HcClient) {}

  batchScanSwrImage (request: BatchScanSwrImageRequest): Promise<{ httpStatusCode?: number }> {
    const queryParams: Record<string, string> = {}
    if (request.enterpriseProjectId !== undefined) queryParams.enterprise_project_id = request.enterpriseProjectId
    const headers: Record<string, string> = { 'Content-Type': 'application/json' }
    if (request.region !== undefined) headers.region = request.region
    return this.hcClient.sendRequest({
      method: 'POST',
      url: '/v5/{project_id}/image/batch-scan',
      contentType: 'application/json',
      queryParams,
      pathParams: {},
      headers,
      data: request.body ?? {}
    })
  }
}

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

export interface BatchScanSwrImageRequest {
  enterprise_project_id?: string
  region?: string
  body: object
}

/**
 * HssClient.batchScanSwrImage as the generated Node SDK service package builds it
 * (services/hss/v5/HssClient.ts): that package is not published on npm, the core that
 * signs and sends it is.
 */
export class HssClient {
  static newBuilder (): ClientBuilder<HssClient> {
    return new ClientBuilder((hcClient) => new HssClient(hcClient))
  }

  constructor (private readonly hcClient: HcClient) {}

  batchScanSwrImage (request: BatchScanSwrImageRequest): Promise<{ httpStatusCode?: number }> {
    const queryParams: Record<string, string> = {}
    if (request.enterprise_project_id !== undefined) queryParams.enterprise_project_id = request.enterprise_project_id
    const headers: Record<string, string> = { 'Content-Type': 'application/json' }
    if (request.region !== undefined) headers.region = request.region
    return this.hcClient.sendRequest({
      method: 'POST',
      url: '/v5/{project_id}/image/batch-scan',
      contentType: 'application/json',
      queryParams,
      pathParams: {},
      headers,
      data: request.body
    })
  }
}

import { Type } from '@fastify/type-provider-typebox'

export const HssErrorBody = Type.Object({
  error_code: Type.String({ description: 'Huawei error code, e.g. HSS.0001 or APIGW.0301' }),
  error_msg: Type.String({ description: 'What went wrong; validation errors name the field and the limit broken' }),
  request_id: Type.String({ description: 'Same value as the X-Request-Id response header' })
}, { $id: 'HssError', title: 'HssError', description: 'Huawei Cloud error body, used by every non-2xx response' })

// The media-type form, because @fastify/swagger drops the siblings of a $ref and so would drop the example.
export function errorResponse (description: string, example: { error_code: string, error_msg: string }) {
  return {
    description,
    content: {
      'application/json': {
        schema: Type.Ref('HssError'),
        example: { ...example, request_id: '8d6c2d0e-1b1f-4c0f-9a57-0c6a6a9b7f11' }
      }
    }
  }
}

/** The error responses every emulated HSS operation can give, with Huawei's codes. */
export const hssErrorResponses = {
  400: errorResponse('Invalid parameter (HSS.0001) or unparsable request (HSS.0002)', {
    error_code: 'HSS.0001', error_msg: 'image_info_list[0].namespace must NOT have more than 64 characters'
  }),
  401: errorResponse('Missing or wrong credentials (APIGW.0301)', {
    error_code: 'APIGW.0301', error_msg: 'Incorrect IAM authentication information: x-auth-token not found'
  }),
  413: errorResponse('Request body larger than the gateway accepts (APIGW.0201)', {
    error_code: 'APIGW.0201', error_msg: 'Request entity too large.'
  }),
  500: errorResponse('Internal error (HSS.0041); only ever returned by an injected fault', {
    error_code: 'HSS.0041', error_msg: 'Query host extend info error'
  })
}

/** Headers every HSS operation takes. X-Auth-Token's presence is checked by authentication, not here. */
export const HssHeaders = Type.Object({
  'x-auth-token': Type.Optional(Type.String({ minLength: 1, maxLength: 32768, description: 'IAM user token (or sign the request with AK/SK instead)' })),
  region: Type.Optional(Type.String({ minLength: 0, maxLength: 128, description: 'Region ID' }))
})

export const EnterpriseProjectQuery = Type.String({
  minLength: 1,
  maxLength: 256,
  default: '0',
  description: 'Enterprise project ID; `all_granted_eps` means all enterprise projects'
})

export const ProjectIdParams = Type.Object({
  project_id: Type.String({ minLength: 1, maxLength: 256, description: 'Project ID' })
})

// Documented maximum of image_size and the time filters (odd value included). It is below every
// epoch-millisecond timestamp since January 1970, hence HSS_MOCK_RELAX_TIME_LIMITS.
export const TIME_AND_SIZE_MAX = 2147483547

/** image_size or a time filter: documented limits by default, any non-negative safe integer when relaxed. */
export function timeOrSizeField (description: string, relaxed: boolean) {
  return Type.Integer({
    minimum: 0,
    maximum: relaxed ? Number.MAX_SAFE_INTEGER : TIME_AND_SIZE_MAX,
    format: 'int64',
    default: 0,
    description: `${description}; 0 means no bound`
  })
}

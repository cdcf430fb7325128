import type { AppEnv } from '../../http/context.ts'
import { OpenAPIHono } from '@hono/zod-openapi'
import { holderRoutes } from './holderRoutes.ts'
import { officerRoutes } from './officerRoutes.ts'
import { publicRoutes } from './publicRoutes.ts'

/**
 * 学历证明书 (DOMAIN §3.3): the student's application, the school's dual-control review and
 * issue, the PDF, and the public verification. Mount with `.route('/', certificateRoutes)`.
 */
export const certificateRoutes = new OpenAPIHono<AppEnv>()
  .route('/', holderRoutes)
  .route('/', officerRoutes)
  .route('/', publicRoutes)

export { diplomaAnnotations } from './queries.ts'
export { sweepCertificateRequests } from './sla.ts'

import type { InferResponseType } from 'hono/client'
import type { api } from './client.ts'

/** A complaint case as the API shows it to the signed-in account (complainant or officer). */
export type CaseView = InferResponseType<(typeof api.complaints)[':id']['$get'], 200>
export type CaseSummary = InferResponseType<typeof api.complaints.$get, 200>['complaints'][number]

import type { Ctx } from './context.ts'
import { createMiddleware } from 'hono/factory'
import { refuseBeforeSecurity } from '../auth/session.ts'
import { forbidden, unauthorized } from './errors.ts'
import { routeOf, UNMATCHED } from './log.ts'

/**
 * Who may call each operation: one table (issue 9, "access control as data"), consulted for every
 * request by `enforceAccess` before the handler runs. `audience` is checked here; `reach` is what
 * the feature's access module then enforces on the object (a record, a case, a request): outside
 * it the answer is 404, so existence never leaks. test/api/accessMatrix.test.ts walks every
 * operation of the OpenAPI document as every kind of actor and checks each answer against this table.
 */
export type Audience = 'anyone' | 'signedIn' | 'citizen' | 'officer' | 'province' | 'admin'
export type Reach
  = | 'none' // no object, or only the caller's own rows are listed
    | 'record' // the student's record: bound citizens (self, guardian); officers whose unit covers the school
    | 'complaint' // the filer; officers whose unit covers the routed bureau or the handling unit
    | 'correction' // as the record
    | 'certificate' // the graduate bound as self; the issuing school and the units above it
    | 'session' // the caller's own session
    | 'import' // a records import: officers of the importing unit and of the units above it
    | 'account' // an officer account (or unit): administrators of its unit and of the units above it

export interface Access { audience: Audience, reach: Reach, note?: string }

const a = (audience: Audience, reach: Reach = 'none', note?: string): Access => ({ audience, reach, ...(note ? { note } : {}) })

export const accessTable: Record<string, Access> = {
  'GET /health': a('anyone'),
  'GET /ready': a('anyone', 'none', 'for the load balancer'),
  'GET /calendar/add': a('anyone'),
  'POST /auth/sms/send': a('anyone'),
  'POST /auth/sms/verify': a('anyone'),
  'GET /auth/sms/deliveries/{id}': a('anyone', 'none', 'a sign-in code\'s delivery state, by the unguessable id the send answered'),
  'POST /auth/officer': a('anyone'),
  'POST /auth/logout': a('anyone'),
  'GET /me': a('signedIn'),
  'GET /session': a('anyone', 'none', 'who is signed in on this browser, if anyone'),
  'GET /officer/security': a('officer'),
  'POST /officer/security/totp': a('officer'),
  'POST /officer/security/totp/confirm': a('officer'),
  'POST /officer/security/password': a('officer'),
  'PUT /officer/security/unit': a('officer', 'none', 'a unit head, leader or administrator, for their own unit'),
  'PUT /officer/security/phone': a('officer'),
  'GET /auth/sessions': a('signedIn'),
  'DELETE /auth/sessions/{id}': a('signedIn', 'session'),
  'POST /auth/sessions/end-all': a('signedIn'),
  'POST /bindings': a('citizen'),
  'GET /records/{id}': a('signedIn', 'record'),
  'POST /records/{id}/reveal': a('citizen', 'record'),
  'POST /records/{id}/disputes': a('citizen', 'record'),
  'GET /records/{id}/views': a('citizen', 'record'),
  'POST /officer/records/search': a('officer'),
  'POST /complaints': a('citizen'),
  'GET /complaints': a('citizen'),
  'GET /my-requests': a('citizen'),
  'GET /complaints/{id}': a('signedIn', 'complaint'),
  'POST /complaints/{id}/info': a('citizen', 'complaint'),
  'POST /complaints/{id}/rating': a('citizen', 'complaint'),
  'POST /complaints/{id}/objection': a('citizen', 'complaint'),
  'GET /cases': a('officer'),
  'POST /complaints/{id}/accept': a('officer', 'complaint', 'the routed bureau'),
  'POST /complaints/{id}/reject': a('officer', 'complaint', 'the routed bureau'),
  'POST /complaints/{id}/link': a('officer', 'complaint', 'the routed bureau'),
  'POST /complaints/{id}/return': a('officer', 'complaint', 'the handling unit'),
  'POST /complaints/{id}/info-request': a('officer', 'complaint', 'the routed bureau or the handler'),
  'POST /complaints/{id}/extension': a('officer', 'complaint', 'the handler'),
  'POST /complaints/{id}/extension-decision': a('officer', 'complaint', 'the issuing unit, another person'),
  'POST /complaints/{id}/close': a('officer', 'complaint', 'the routed bureau reviewing a report, or its own handler'),
  'POST /complaints/{id}/report': a('officer', 'complaint', 'the handler'),
  'POST /complaints/{id}/send-back': a('officer', 'complaint', 'the routed bureau'),
  'POST /complaints/{id}/supervise': a('officer', 'complaint', 'a unit above the routed bureau'),
  'POST /complaints/{id}/outcome': a('officer', 'complaint', 'the handler'),
  'GET /schools': a('anyone'),
  'POST /uploads': a('signedIn'),
  'GET /attachments/{id}': a('signedIn', 'complaint', 'the uploader before it is attached'),
  'GET /sheets/{file}': a('signedIn', 'complaint'),
  'GET /sheets/{id}/document': a('signedIn', 'complaint', 'the print view: the PDF\'s content, numbers masked'),
  'GET /complaints/{id}/handler-options': a('officer', 'complaint'),
  'GET /notifications': a('signedIn'),
  'GET /notifications/unread': a('signedIn'),
  'POST /notifications/read': a('signedIn'),
  'GET /me/notice-preferences': a('signedIn'),
  'PUT /me/notice-preferences': a('signedIn', 'none', 'only the kinds sent to that kind of account'),
  'GET /push/key': a('signedIn'),
  'PUT /push/subscription': a('signedIn', 'none', 'the browser it names; only the browsers\' push services'),
  'POST /corrections': a('citizen', 'record'),
  'GET /corrections/{id}': a('signedIn', 'correction'),
  'GET /records/{id}/corrections': a('signedIn', 'record'),
  'GET /officer/corrections': a('officer'),
  'POST /corrections/{id}/decision': a('officer', 'correction', 'the unit and role of the waiting step'),
  'POST /corrections/{id}/withdraw': a('citizen', 'correction', 'the applicant, while a step is waiting'),
  'POST /corrections/{id}/official-entry': a('officer', 'correction', 'the school registrar or the approving unit; the record changes then (issue 10)'),
  'GET /records/{id}/certificates': a('signedIn', 'record'),
  'POST /records/{id}/certificate-requests': a('citizen', 'record', 'the graduate bound as self'),
  'GET /certificate-requests/{id}': a('signedIn', 'certificate'),
  'GET /certificates/{file}': a('signedIn', 'certificate'),
  'GET /certificates/{id}/verifications': a('citizen', 'certificate'),
  'GET /officer/certificate-requests': a('officer'),
  'POST /certificate-requests/{id}/review': a('officer', 'certificate', 'a registrar of the school'),
  'POST /certificate-requests/{id}/issue': a('officer', 'certificate', 'the head, not the reviewer'),
  'POST /certificate-requests/{id}/refuse': a('officer', 'certificate', 'a registrar or the head of the school'),
  'POST /certificates/{id}/revoke': a('officer', 'certificate', 'the head of the school'),
  'GET /verify/public-key': a('anyone'),
  'POST /verify/{number}': a('anyone'),
  // design: the province watches the whole log and every gateway failure, one level above every actor.
  'POST /officer/audit/search': a('province'),
  'GET /officer/outbox': a('province', 'none', 'messages given up, phones masked'),
  'GET /officer/audit/integrity': a('province'),
  'GET /imports/template.xlsx': a('officer'),
  'POST /imports': a('officer', 'none', 'rows only for schools inside the unit'),
  'GET /imports/{id}': a('officer', 'import'),
  'POST /imports/{id}/commit': a('officer', 'import', 'rows only for schools inside the unit'),
  'GET /imports/{id}/errors.xlsx': a('officer', 'import'),
  'GET /imports/mappings/{kind}': a('officer', 'none', 'the caller\'s own unit'),
  'PUT /imports/mappings/{kind}': a('officer', 'none', 'the caller\'s own unit'),
  // Issue 12, people: an officer with the admin role, for their unit and the units below it.
  'GET /admin/accounts': a('admin'),
  'POST /admin/accounts': a('admin', 'none', 'at a unit inside the administrator\'s'),
  'PUT /admin/accounts/{id}/role': a('admin', 'account', 'not one\'s own'),
  'POST /admin/accounts/{id}/disable': a('admin', 'account', 'not one\'s own'),
  'POST /admin/accounts/{id}/enable': a('admin', 'account', 'not one\'s own'),
  'POST /admin/accounts/{id}/password-reset': a('admin', 'account', 'not one\'s own'),
  'POST /admin/accounts/{id}/totp-reset': a('admin', 'account', 'not one\'s own'),
  'GET /admin/units': a('admin'),
  'PUT /admin/units/{id}/security': a('admin', 'account'),
  'GET /admin/account-changes': a('admin', 'none', 'changes at the administrator\'s unit and those below'),
  'POST /dev/sms-outbox': a('anyone', 'none', 'demo mode only; the phone in the body, not the URL'),
  'GET /dev/demo-accounts': a('anyone', 'none', 'demo mode only'),
  'GET /openapi.json': a('anyone', 'none', 'the API document itself'),
}

/** `GET /api/records/:id` → `GET /records/{id}`, the OpenAPI document's spelling. */
export function operationKey(method: string, routePath: string) {
  return `${method} ${routePath.replace(/^\/api/, '').replace(/:(\w+)/g, '{$1}')}`
}

// design: what an officer on a one-time password, or without the second factor their unit requires, may
// still call among the operations open to every signed-in account (the app keeps them on the security page).
const openBeforeSecurity = new Set(['GET /me', 'GET /auth/sessions', 'DELETE /auth/sessions/{id}', 'POST /auth/sessions/end-all'])

interface Entry { access: Access, openBeforeSecurity: boolean }
// The table's entry of each route pattern and method, found once (issue 14: not a key built and looked up
// on every request); null: an operation the table does not list.
const entries = new Map<string, Map<string, Entry | null>>()
function entryOf(method: string, route: string): Entry | null {
  let byMethod = entries.get(route)
  if (!byMethod)
    entries.set(route, byMethod = new Map())
  let entry = byMethod.get(method)
  if (entry === undefined) {
    const key = operationKey(method === 'HEAD' ? 'GET' : method, route)
    const access = accessTable[key]
    byMethod.set(method, entry = access ? { access, openBeforeSecurity: openBeforeSecurity.has(key) } : null)
  }
  return entry
}

/** Refuses a request the table does not allow before any handler runs; an unlisted operation is refused too. */
export const enforceAccess = createMiddleware(async (c: Ctx, next) => {
  const route = routeOf(c)
  if (route === UNMATCHED) // no such operation: the API's 404 answers
    return next()
  const entry = entryOf(c.req.method, route)
  if (!entry)
    throw forbidden('OPERATION_NOT_LISTED', '此操作未列入访问控制表')
  const { access } = entry
  const s = c.get('signedIn')
  if (access.audience === 'anyone')
    return next()
  if (!s)
    throw unauthorized()
  if ((access.audience === 'citizen' && s.kind !== 'citizen') || (access.audience !== 'citizen' && access.audience !== 'signedIn' && s.kind !== 'officer'))
    throw forbidden('WRONG_ACCOUNT_KIND', '当前登录的账号不能使用此功能')
  if (access.audience === 'province' && s.unitPath?.split('/').filter(Boolean).length !== 1)
    throw forbidden('PROVINCE_ONLY', '仅省级教育行政部门可使用此功能')
  if (access.audience === 'admin' && s.role !== 'admin')
    throw forbidden('ADMIN_ONLY', '仅单位账号管理员可使用此功能')
  // Routes for officers check this themselves (their security page's routes let them in); those open to
  // every signed-in account are closed to such an officer here, but for who they are and their sessions.
  if (access.audience === 'signedIn' && !entry.openBeforeSecurity)
    refuseBeforeSecurity(s)
  return next()
})

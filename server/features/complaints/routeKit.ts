import type { ZodType } from 'zod'
import type { Ctx } from '../../http/context.ts'
import { createRoute, z } from '@hono/zod-openapi'
import { actorOf, audit } from '../../audit/entry.ts'
import { requireSignedIn } from '../../auth/session.ts'
import { clientIp } from '../../http/context.ts'
import { forbidden } from '../../http/errors.ts'
import { commonErrors, jsonBody, jsonOk } from '../../http/openapi.ts'
import { caseNotFound, caseRoles, loadComplaint } from './access.ts'
import { caseView, caseViewSchema, loadCasePage } from './view.ts'

export const caseParam = z.object({ id: z.uuid('投诉编号无效') })

/** A POST on one case that answers with the case as it now stands. */
export function caseAction<P extends string, T extends ZodType>(path: P, summary: string, body: T) {
  return createRoute({
    method: 'post',
    path: `/complaints/{id}/${path}` as `/complaints/{id}/${P}`,
    tags: ['complaints'],
    summary,
    request: { params: caseParam, ...jsonBody(body) },
    responses: { 200: jsonOk(caseViewSchema, '处理后的投诉'), ...commonErrors },
  })
}

/** Loads the case for the signed-in account and checks it may take this step. */
export async function authorize(c: Ctx, id: string, allowed: (r: Awaited<ReturnType<typeof caseRoles>>) => boolean) {
  const me = requireSignedIn(c)
  const complaint = await loadComplaint(c.get('deps').db, id)
  const roles = await caseRoles(c.get('deps').db, me, complaint)
  if (!allowed(roles))
    throw forbidden('NOT_YOUR_STEP', '这一步不由您办理')
  return { me, roles, actor: { accountId: me.accountId, unitId: me.unitId } }
}

export async function currentView(c: Ctx, id: string, opts: { audited?: boolean } = {}) {
  const me = requireSignedIn(c)
  const page = await loadCasePage(c.get('deps').db, id, me.kind === 'officer')
  if (!page)
    throw caseNotFound()
  const complaint = page.complaint
  const view = await caseView(c.get('deps').db, page, await caseRoles(c.get('deps').db, me, complaint), c.get('deps').now())
  // An officer opening a case reads a child's and a parent's personal data: it is on the record's "who viewed" list.
  if (opts.audited && me.kind === 'officer')
    await audit(c.get('deps').db, actorOf(me), { action: 'case.view', recordId: complaint.recordId, object: { type: 'complaint', id }, clientIp: clientIp(c) })
  return view
}

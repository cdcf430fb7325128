import type { CaseView } from '../../api/types.ts'
import { useI18n } from 'petite-vue-i18n'
import { api, call } from '../../api/client.ts'

export interface ActionField { name: string, kind: 'textarea' | 'number' | 'approve', label: string }
export interface CaseActionDef { key: keyof CaseView['can'], title: string, fields: ActionField[], submit: (v: Record<string, string>) => Promise<unknown> }

/** The officer's steps on a case (besides 受理, which has its own form), each a small form. */
export function useCaseActions(caseView: () => CaseView) {
  const { t } = useI18n()
  const c = () => ({ param: { id: caseView().id } })
  const text = (name: string, label: string): ActionField => ({ name, kind: 'textarea', label })
  const supervise = () => caseView().sheets.find(s => s.kind === 'supervise' && s.status === 'open')
  const defs: CaseActionDef[] = [
    // The 承办单位 reports; a bureau handling its own case closes directly (a reported case is closed in CaseReportReview).
    { key: 'report', title: t('cases.act.report'), fields: [text('findings', t('cases.findings'))], submit: v => call(api.complaints[':id'].report.$post({ ...c(), json: { findings: v.findings! } })) },
    { key: 'close', title: t('cases.act.close'), fields: [text('findings', t('cases.findings'))], submit: v => call(api.complaints[':id'].close.$post({ ...c(), json: { findings: v.findings! } })) },
    { key: 'writeOutcome', title: t('cases.act.writeOutcome'), fields: [text('outcome', t('cases.outcome'))], submit: v => call(api.complaints[':id'].outcome.$post({ ...c(), json: { sheetId: supervise()!.id, outcome: v.outcome! } })) },
    { key: 'requestInfo', title: t('cases.act.requestInfo'), fields: [text('question', t('cases.question'))], submit: v => call(api.complaints[':id']['info-request'].$post({ ...c(), json: { question: v.question! } })) },
    { key: 'requestExtension', title: t('cases.act.requestExtension'), fields: [{ name: 'days', kind: 'number', label: t('cases.days') }, text('reason', t('cases.reason'))], submit: v => call(api.complaints[':id'].extension.$post({ ...c(), json: { days: Number(v.days), reason: v.reason! } })) },
    { key: 'decideExtension', title: t('cases.act.decideExtension'), fields: [{ name: 'approve', kind: 'approve', label: t('cases.decision') }, text('note', t('cases.note'))], submit: v => call(api.complaints[':id']['extension-decision'].$post({ ...c(), json: { approve: v.approve === 'yes', note: v.note ?? '' } })) },
    { key: 'return', title: t('cases.act.return'), fields: [text('reason', t('cases.reason'))], submit: v => call(api.complaints[':id'].return.$post({ ...c(), json: { reason: v.reason! } })) },
    { key: 'reject', title: t('cases.act.reject'), fields: [text('reason', t('cases.reasonToComplainant'))], submit: v => call(api.complaints[':id'].reject.$post({ ...c(), json: { reason: v.reason! } })) },
    { key: 'supervise', title: t('cases.act.supervise'), fields: [text('instructions', t('cases.instructions'))], submit: v => call(api.complaints[':id'].supervise.$post({ ...c(), json: { instructions: v.instructions! } })) },
    { key: 'link', title: t('cases.act.link'), fields: [], submit: () => call(api.complaints[':id'].link.$post({ ...c(), json: { targetId: caseView().likelyDuplicateOf! } })) },
  ]
  return defs
}

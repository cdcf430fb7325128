import type { CaseView } from '../../api/types.ts'
import type { CaseStepKind, KeptFile, SentFile } from '../../outbox/store.ts'
import type { CaseStepPayload } from './sendCaseStep.ts'
import { useI18n } from 'petite-vue-i18n'
import { computed, ref, watch } from 'vue'
import { infoAnswerSchema, reasonSchema } from '#shared/schemas/complaints.ts'
import { ApiError, errorText, issueText, newRequestId } from '../../api/client.ts'
import { announce } from '../../components/announce.ts'
import { outbox, submitForm } from '../../outbox/outbox.ts'
import { useSessionStore } from '../../stores.ts'

/** The field each written step is checked on before it leaves, with the rule the server applies. */
const written = { info: ['answer', infoAnswerSchema.shape.answer], objection: ['reason', reasonSchema.shape.reason] } as const

interface StepForm { text: string, about: string, sent?: SentFile[], kept?: KeptFile[] }

/**
 * One step the complainant takes on their case, through the outbox (outbox/outbox.ts): filed at once,
 * or with no network kept on the phone and sent when it returns, or refused with the server's words
 * at their fields. One request id per step being written, so a resend is never taken twice.
 */
export function useCaseStep(caseId: () => string, kind: CaseStepKind, done: (view: CaseView) => void) {
  const { t } = useI18n()
  const session = useSessionStore()
  const busy = ref(false)
  const errors = ref<Record<string, string>>({})
  const failure = ref('')
  let requestId = newRequestId()
  /** The step waiting on the phone for this case, if any: not offered again meanwhile. */
  const waiting = computed(() => outbox.entries.find(e => e.kind === kind && e.state === 'waiting' && (e.payload as CaseStepPayload).caseId === caseId()))

  function refused(e: Error) {
    const issues = e instanceof ApiError ? e.issues : []
    errors.value = Object.fromEntries(issues.map(i => [i.path, i.message]))
    if (issues.length === 0)
      failure.value = errorText(e)
    if (e instanceof ApiError && e.code === 'REQUEST_ID_REUSED')
      requestId = newRequestId()
    announce(errorText(e), 'fail')
  }

  /** Puts the field's problem at the field, or takes it away once put right; answers whether it is right. */
  function check(text: string) {
    if (kind === 'rating')
      return true
    const [field, rule] = written[kind]
    const parsed = rule.safeParse(text)
    errors.value = parsed.success ? {} : { [field]: issueText(parsed.error.issues[0]!.message) }
    return parsed.success
  }
  /** A shown problem goes as soon as the words are put right. */
  const recheck = (text: () => string) => watch(text, v => Object.keys(errors.value).length > 0 && check(v))

  /** Answers whether the step left the form (filed or waiting), so the form can be cleared. */
  async function run(form: StepForm, success: string) {
    if (busy.value || !session.me || !check(form.text))
      return false
    busy.value = true
    errors.value = {}
    failure.value = ''
    try {
      const payload: CaseStepPayload = { caseId: caseId(), text: form.text }
      const tried = await submitForm({ id: requestId, kind, accountId: session.me.accountId, payload, about: form.about, sent: form.sent ?? [], waiting: form.kept ?? [] })
      if (tried.state === 'refused') {
        refused(tried.failure)
        return false
      }
      requestId = newRequestId()
      if (tried.state === 'filed') {
        done(tried.filed.answer as CaseView)
        announce(success)
      }
      else {
        announce(t('outbox.waiting'))
      }
      return true
    }
    finally {
      busy.value = false
    }
  }
  return { busy, errors, failure, waiting, run, recheck }
}

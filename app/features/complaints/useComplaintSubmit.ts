import type { ComplaintForm } from './useComplaintForm.ts'
import { useI18n } from 'petite-vue-i18n'
import { ref } from 'vue'
import { useRouter } from 'vue-router'
import { ApiError, errorText, newRequestId } from '../../api/client.ts'
import { announce } from '../../components/announce.ts'
import { complaintPayload } from './sendComplaint.ts'
import { codeSteps, loadChecks, stepNames, stepOf } from './useComplaintForm.ts'

/**
 * Files the complaint once, however often the button is tapped or the request retried. It goes
 * through the outbox (outbox/outbox.ts): with no network it waits on the phone, photos and all, and
 * is sent when the network returns, from whatever screen is open; the draft is then cleared.
 */
export function useComplaintSubmit(form: ComplaintForm) {
  const { t } = useI18n()
  const router = useRouter()
  const submitting = ref(false)
  const failure = ref('')

  /** Shows each issue on its field and goes to the first step that has one; nothing typed is touched. */
  function showIssues(issues: Record<string, string>) {
    form.errors.value = issues
    const steps = Object.keys(issues).map(stepOf).filter(s => s >= 0)
    if (steps.length > 0)
      form.draft.step = Math.min(...steps)
    return steps.length > 0
  }

  /** A refusal, worded at its field where it has one; the draft stays as it was. */
  function refused(e: ApiError | Error) {
    if (!(e instanceof ApiError))
      throw e
    const issues = Object.fromEntries(e.issues.filter(i => stepOf(i.path) >= 0).map(i => [i.path, i.message]))
    const known = codeSteps[e.code]
    if (known)
      issues[known.field] = e.message
    if (e.code === 'REQUEST_ID_REUSED' || e.issues.some(i => i.path === 'requestId'))
      form.draft.requestId = newRequestId()
    if (!showIssues(issues))
      failure.value = e.message
    announce(e.message, 'fail')
  }

  async function submit() {
    if (submitting.value || form.uploading.value)
      return
    failure.value = ''
    submitting.value = true
    try {
      // The checks and the outbox load now if they have not (useComplaintForm.ts); nothing is lost if they cannot.
      const [checks, { submitForm }] = await Promise.all([loadChecks(), import('../../outbox/outbox.ts')])
      if (showIssues(checks.issuesFor(form.draft, stepNames.length - 1)))
        return
      const { draft } = form
      const tried = await submitForm({ id: draft.requestId, kind: 'complaint', accountId: form.accountId, payload: complaintPayload(draft), about: draft.student.name, sent: draft.attachments, waiting: draft.waiting })
      if (tried.state === 'refused')
        return refused(tried.failure)
      form.clear()
      if (tried.state === 'filed') {
        announce(t('complaints.new.filed'))
        await router.replace(tried.filed.href)
      }
      else {
        announce(t('complaints.new.queued'))
        await router.replace('/complaints')
      }
    }
    catch (e) {
      failure.value = errorText(e)
      announce(failure.value, 'fail')
    }
    finally {
      submitting.value = false
    }
  }

  return { submit, submitting, failure }
}

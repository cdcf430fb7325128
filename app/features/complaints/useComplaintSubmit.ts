import type { ComplaintForm } from './useComplaintForm.ts'
import { onBeforeUnmount, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { useRouter } from 'vue-router'
import { api, ApiError, call, newRequestId } from '../../api/client.ts'
import { announce } from '../../components/announce.ts'
import { codeSteps, issuesFor, stepNames, stepOf, toInput } from './useComplaintForm.ts'

// A request that has not answered in this long is treated as lost; the retry reuses the requestId.
const TIMEOUT_MS = 30_000

/** Files the complaint once, however often the button is tapped or the request retried. */
export function useComplaintSubmit(form: ComplaintForm) {
  const { t } = useI18n()
  const router = useRouter()
  const submitting = ref(false)
  const failure = ref('')
  // design: a complaint that could not be sent goes out by itself when the phone is back online.
  const retryWhenOnline = () => void submit()
  onBeforeUnmount(() => window.removeEventListener('online', retryWhenOnline))

  /** Shows each issue on its field and goes to the first step that has one; nothing typed is touched. */
  function showIssues(issues: Record<string, string>) {
    form.errors.value = issues
    const steps = Object.keys(issues).map(stepOf).filter(s => s >= 0)
    if (steps.length > 0)
      form.draft.step = Math.min(...steps)
    return steps.length > 0
  }

  async function submit() {
    if (submitting.value || form.uploading.value)
      return
    failure.value = ''
    if (showIssues(issuesFor(form.draft, stepNames.length - 1)))
      return
    submitting.value = true
    try {
      const view = await call(api.complaints.$post({ json: toInput(form.draft) }, { init: { signal: AbortSignal.timeout(TIMEOUT_MS) } }))
      form.clear()
      announce(t('complaints.new.filed', { reference: view.reference }))
      await router.replace(`/complaints/${view.id}`)
    }
    catch (e) {
      if (!(e instanceof ApiError))
        throw e
      const issues = Object.fromEntries(e.issues.filter(i => stepOf(i.path) >= 0).map(i => [i.path, i.message]))
      const known = codeSteps[e.code]
      if (known)
        issues[known.field] = e.message
      if (e.code === 'REQUEST_ID_REUSED' || e.issues.some(i => i.path === 'requestId'))
        form.draft.requestId = newRequestId()
      // Same requestId on the next tap: if the lost answer had filed it, the server gives it back.
      if (e.code === 'NETWORK')
        window.addEventListener('online', retryWhenOnline, { once: true })
      if (!showIssues(issues))
        failure.value = e.code === 'NETWORK' || e.status >= 500 ? `${e.message}。${t('complaints.new.retrySafe')}` : e.message
      announce(e.message, 'fail')
    }
    finally {
      submitting.value = false
    }
  }

  return { submit, submitting, failure }
}

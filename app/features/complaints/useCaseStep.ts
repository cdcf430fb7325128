import type { CaseView } from '../../api/types.ts'
import { ref } from 'vue'
import { ApiError } from '../../api/client.ts'
import { announce } from '../../components/announce.ts'

/** One step the complainant takes on their case: busy while it runs, the server's words on refusal. */
export function useCaseStep(done: (view: CaseView) => void) {
  const busy = ref(false)
  const errors = ref<Record<string, string>>({})
  const failure = ref('')

  async function run(request: () => Promise<CaseView>, success: string) {
    if (busy.value)
      return
    busy.value = true
    errors.value = {}
    failure.value = ''
    try {
      done(await request())
      announce(success)
    }
    catch (e) {
      if (!(e instanceof ApiError))
        throw e
      errors.value = Object.fromEntries(e.issues.map(i => [i.path, i.message]))
      if (e.issues.length === 0)
        failure.value = e.message
      announce(e.message, 'fail')
    }
    finally {
      busy.value = false
    }
  }
  return { busy, errors, failure, run }
}

import type { Ref } from 'vue'
import { onScopeDispose, ref } from 'vue'
import { announce } from '../components/announce.ts'
import { i18n } from '../i18n/index.ts'
import { ApiError, errorText } from './client.ts'

/** One page of a keyset-paged list: its lines, and the cursor of the next page (null on the last). */
export interface ListPage<T> { items: T[], next: string | null }

/**
 * A list read page by page (issue 14: lists are paged, none silently cut): the first page on `load`,
 * the next below what is shown on `more`. A line that comes again (it moved in the list while the
 * person paged) is shown once. A failed first page is a failure to show; a failed later page is only
 * announced, and what is shown stays. A first page the network kept from coming (and the phone had not
 * kept) says so in a list's words, not a form's, and is asked for again when the network returns.
 */
export function usePagedList<T>(fetchPage: (before?: string) => Promise<ListPage<T>>, keyOf: (item: T) => string) {
  const items = ref(null) as Ref<T[] | null>
  const next = ref<string | null>(null)
  const failure = ref('')
  const loadingMore = ref(false)
  async function load() {
    try {
      const page = await fetchPage()
      items.value = page.items
      next.value = page.next
      failure.value = ''
    }
    catch (e) {
      const offline = e instanceof ApiError && e.code === 'NETWORK'
      failure.value = offline ? i18n.global.t('sync.listNotKept') : errorText(e)
      if (offline)
        window.addEventListener('online', load, { once: true })
    }
  }
  onScopeDispose(() => window.removeEventListener('online', load))
  async function more() {
    if (!next.value || loadingMore.value)
      return
    loadingMore.value = true
    try {
      const page = await fetchPage(next.value)
      const shown = new Set((items.value ?? []).map(keyOf))
      items.value = [...(items.value ?? []), ...page.items.filter(i => !shown.has(keyOf(i)))]
      next.value = page.next
    }
    catch (e) {
      announce(errorText(e), 'fail')
    }
    finally {
      loadingMore.value = false
    }
  }
  return { items, next, failure, loadingMore, load, more }
}

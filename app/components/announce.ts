import { showFailToast, showSuccessToast } from 'vant'
import { ref } from 'vue'

/** The one aria-live region's text: Vant's toasts are not read out by screen readers. */
export const announcement = ref('')

export function announce(message: string, kind: 'success' | 'fail' = 'success') {
  announcement.value = ''
  queueMicrotask(() => (announcement.value = message))
  if (kind === 'success')
    showSuccessToast(message)
  else
    showFailToast({ message, duration: 3000 })
}

import { showFailToast, showSuccessToast } from 'vant'
import { ref } from 'vue'

/** The one aria-live region's text: Vant's toasts are not read out by screen readers. */
export const announcement = ref('')

export function announce(message: string, kind: 'success' | 'fail' = 'success') {
  announcement.value = ''
  queueMicrotask(() => (announcement.value = message))
  // At the bottom, so a toast never hides the form a person is still reading.
  if (kind === 'success')
    showSuccessToast({ message, position: 'bottom' })
  else
    showFailToast({ message, duration: 3000, position: 'bottom' })
}

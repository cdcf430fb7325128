import { ref } from 'vue'

/** The one aria-live region's text (App.vue): Vant's toasts are not read out by screen readers. */
export const announcement = ref('')

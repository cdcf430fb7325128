// Vant's toasts as a chunk of their own: a screen loads them the first time it announces something.
export { showFailToast, showSuccessToast } from 'vant'

// Vant's dialog as a chunk of its own, for the router's rare "screen not loaded" question.
export { showConfirmDialog } from 'vant'

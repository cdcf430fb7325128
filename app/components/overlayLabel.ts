import type { OverlayProps } from 'vant'

/**
 * Names the dimmed area around a sheet or dialog. Vant makes it a button when a tap on it closes the
 * sheet, with no name (axe: aria-command-name); the attribute falls through to the element, though
 * Vant's type for `overlayProps` leaves it out.
 */
export const overlayLabel = (label: string) => ({ 'aria-label': label }) as Partial<OverlayProps>

import { idCheckCharacter } from '../../shared/idNumber.ts'

/**
 * Identity numbers (checksum-valid, so a random 18-digit run does not count) and mainland mobile
 * numbers found in a text: what must never appear in a log, a dump or a URL (002:25).
 */
export function findPersonalNumbers(text: string): { idNumbers: string[], phones: string[] } {
  const idNumbers = [...text.matchAll(/(?<![\dA-Z])(\d{17})([\dX])(?![\dA-Z])/gi)]
    .filter(m => idCheckCharacter(m[1]!) === m[2]!.toUpperCase())
    .map(m => m[0])
  // Not inside a hex run such as a UUID's last group ("…-17969599092d"), which random ids produce now and then.
  const phones = [...text.matchAll(/(?<![\da-f-])1[3-9]\d{9}(?![\da-f])/gi)].map(m => m[0])
  return { idNumbers, phones }
}

import { parseIdNumber } from '../../shared/idNumber.ts'

/**
 * Identity numbers (checksum-valid, so a random 18-digit run does not count) and mainland mobile
 * numbers found in a text: what must never appear in a log, a dump or a URL (002:25).
 */
export function findPersonalNumbers(raw: string): { idNumbers: string[], phones: string[] } {
  // A UUID's last group may hold 11 digits in a row that look like a phone: ids are not personal.
  const text = raw.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, 'uuid')
  // A K-12 学籍号 is G + the ID number: it counts as the number it carries.
  const idNumbers = [...text.matchAll(/(?<![\dA-Z])G?(\d{17})([\dX])(?![\dA-Z])/gi)]
    // A real number: valid check character, region and birth date (a diploma number's 18 digits pass the check 1 time in 11).
    .filter(m => parseIdNumber(`${m[1]}${m[2]}`, '2100-01-01').ok)
    .map(m => m[0])
  // Not inside a hex run such as a UUID's last group ("…-17969599092d"), which random ids produce now and then.
  const phones = [...text.matchAll(/(?<![\da-f-])1[3-9]\d{9}(?![\da-f])/gi)].map(m => m[0])
  return { idNumbers, phones }
}

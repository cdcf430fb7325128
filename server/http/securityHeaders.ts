/**
 * The security headers of every answer, in two sets. design: the app's pages, and whatever a browser
 * may show as a page of its own (a PDF, a picture, a spreadsheet: /api serves those too), get the
 * whole set: helmet's defaults and the app's Content-Security-Policy. An API answer in JSON is never
 * shown as a page, so it gets the set the OWASP REST Security Cheat Sheet names for APIs, and a
 * stricter policy (`default-src 'none'`): 6 headers instead of 12, about 350 bytes less on each of a
 * phone's API calls, and 5 µs less of an own-record read's CPU (issue 14).
 */
const HSTS = 'max-age=15552000; includeSubDomains'

const forPages: [string, string][] = [
  ['content-security-policy', [
    'default-src \'self\'',
    'img-src \'self\' data: blob:',
    'font-src \'self\' data:', // Vant's icon font is inlined as a data: URL
    'style-src \'self\' \'unsafe-inline\'', // Vant sets inline styles
    'connect-src \'self\'',
    'frame-ancestors \'none\'',
  ].join('; ')],
  ['cross-origin-opener-policy', 'same-origin'],
  ['cross-origin-resource-policy', 'same-origin'],
  ['origin-agent-cluster', '?1'],
  ['referrer-policy', 'no-referrer'],
  ['strict-transport-security', HSTS],
  ['x-content-type-options', 'nosniff'],
  ['x-dns-prefetch-control', 'off'],
  ['x-download-options', 'noopen'],
  ['x-frame-options', 'SAMEORIGIN'],
  ['x-permitted-cross-domain-policies', 'none'],
  ['x-xss-protection', '0'],
]

const forJson: [string, string][] = [
  ['content-security-policy', 'default-src \'none\'; frame-ancestors \'none\''],
  ['cross-origin-resource-policy', 'same-origin'], // no other site may load a person's data, even as an opaque resource
  ['referrer-policy', 'no-referrer'],
  ['strict-transport-security', HSTS],
  ['x-content-type-options', 'nosniff'],
  ['x-frame-options', 'DENY'],
]

const isJson = (headers: Headers) => headers.get('content-type')?.startsWith('application/json') ?? false

/** Sets the answer's security headers (over any of the same name), by what the answer is. */
export function setSecurityHeaders(headers: Headers) {
  for (const [name, value] of isJson(headers) ? forJson : forPages)
    headers.set(name, value)
}

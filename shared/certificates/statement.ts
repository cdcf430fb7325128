// Words shared by the app and the server for 学历证明书 requests and certificates.

export type LossKind = 'lost' | 'damaged'
export type CertificateStatus = 'valid' | 'superseded' | 'revoked'
export type CertificateRequestStatus = 'pending' | 'reviewed' | 'issued' | 'refused'

export const lossLabels: Record<LossKind, string> = { lost: '遗失', damaged: '损毁' }

export const requestStatusLabels: Record<CertificateRequestStatus, string> = {
  pending: '已提交，待学校审核',
  reviewed: '学校已审核，待出具',
  issued: '已出具',
  refused: '不予出具',
}

export const certificateStatusLabels: Record<CertificateStatus, string> = {
  valid: '有效',
  superseded: '已由新的学历证明书取代，本证明书失效',
  revoked: '已撤销，本证明书失效',
}

/**
 * The signed statement of a request (001:4(7): a written application by the student): the
 * student reads this, ticks to agree and types their full name. 002:19: a request whose
 * proofs are suspected of being false is not accepted.
 */
export function certificateDeclaration(loss: LossKind): string {
  const what = loss === 'lost'
    ? '本人的毕业证书确已遗失'
    : '本人的毕业证书确已损毁，损毁的原证书将按学校要求交回核验'
  return `本人郑重声明：${what}；以上所填时间和经过真实、完整。如有隐瞒或弄虚作假，学校可不予受理或撤销已出具的学历证明书，本人承担由此产生的责任。`
}

/**
 * A name as it is compared with the registered one: NFKC (full-width to half-width), no spaces,
 * and every kind of middle dot in names such as 阿依古丽·买买提 read as the same dot.
 */
export function normalizePersonName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '').replace(/[\u00B7\u2022\u2027\u30FB\uFF65.]/g, '·')
}

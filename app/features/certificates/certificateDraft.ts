/** A 学历证明书 application being written, kept in this tab's sessionStorage (useCertificateApply.ts). */
export interface CertificateDraft {
  requestId: string
  loss: 'lost' | 'damaged' | null
  occurredOn: string
  circumstances: string
  signedName: string
  agreed: boolean
}

export const certificateDraftKey = (recordId: string) => `xjt.certificateDraft.${recordId}`

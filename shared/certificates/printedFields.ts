// The record's fields a 学历证明书 prints (server/printing/certificate.ts: 兹证明…): the holder and the
// diploma registration it stands in for (002:17, 002:19, 001:4(7)).
export const certificatePrintedFields: readonly string[] = [
  'student.name',
  'student.gender',
  'student.birthDate',
  'student.idNumber',
  'diploma.diplomaNo',
  'diploma.educationLevel',
  'diploma.major',
  'diploma.lengthOfSchooling',
  'diploma.studyForm',
  'diploma.studyPeriod',
  'diploma.conclusion',
  'diploma.schoolName',
  'diploma.principalName',
]

/**
 * The printed fields fixed in the signed content at issue (payload.ts: nm, id, dno …); the PDF takes
 * gender, birth date and the principal from the record as it is (document.ts), so only these can differ
 * from the record once a correction is entered.
 */
export const certificateSignedFields: readonly string[] = certificatePrintedFields
  .filter(f => !['student.gender', 'student.birthDate', 'diploma.principalName'].includes(f))

/**
 * design: a certificate certifies the diploma as registered, which a correction in progress has not
 * changed yet, so one may still be applied for and issued (a graduate may need it now; none of the
 * seeds lets it wait, 002:19, 001:4(7)); applicant and registrar are told which of the fields it fixes
 * at issue are being corrected, and that a certificate matching the corrected record can be asked for once entered.
 */
export function signedFieldsInCorrection(fieldsInCorrection: readonly string[]): string[] {
  return certificateSignedFields.filter(f => fieldsInCorrection.includes(f))
}

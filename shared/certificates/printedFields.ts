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
 * design: a certificate certifies the record as registered, so while a correction of a field it
 * prints is in progress none is issued (it would carry the value about to change); these are the
 * fields in the way.
 */
export function printedFieldsInCorrection(fieldsInCorrection: readonly string[]): string[] {
  return certificatePrintedFields.filter(f => fieldsInCorrection.includes(f))
}

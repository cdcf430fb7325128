import type { Locale } from './recordFields.ts'

// The five source documents (seeds/README.md), named as a person would look them up.
const DOCUMENTS: Record<string, { zh: string, en: string }> = {
  '000': { zh: '河南省教育厅《关于做好高等学历继续教育学籍学历管理工作的通知》', en: 'the Henan Department of Education notice on continuing higher education records' },
  '001': { zh: '《学籍学历管理长效机制实施细则》', en: 'the college rules on student and diploma records' },
  '002': { zh: '教育部《高等学校学生学籍学历电子注册办法》', en: 'the Ministry of Education rules on electronic registration of higher-education records' },
  '003': { zh: '《河南省中等职业学历教育学生电子学籍注册与管理工作规程》', en: 'the Henan rules on secondary vocational student records' },
  '004': { zh: '河南省教育厅《关于进一步做好中小学生学籍管理有关工作的通知》', en: 'the Henan Department of Education notice on primary and secondary school records' },
}

/**
 * A rule's basis in words for the person it applies to: the documents a citation such as
 * '002:19, 001:4(8)' or 'design (003:13 …; 003:5 双岗)' rests on, without the internal codes.
 * Officers see the citation itself.
 */
export function basisInWords(citation: string, locale: Locale = 'zh-CN'): string {
  const seeds = [...new Set([...citation.matchAll(/\b(00[0-4]):/g)].map(m => m[1]!))]
  const names = seeds.map(s => DOCUMENTS[s]![locale === 'en' ? 'en' : 'zh'])
  const decided = citation.trim().startsWith('design')
  if (locale === 'en')
    return decided ? `How this service handles it, following ${names.join(' and ')}` : names.join('; ')
  return decided ? `学籍通的办理安排，参照${names.join('、')}` : names.join('、')
}

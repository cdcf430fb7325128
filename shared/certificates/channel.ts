// Where a graduate applies for a 学历证明书, by level of education.

/**
 * 003:19: "毕业证书遗失不予补办，毕业生可通过'河南政务服务网'申请学历证明书。" A vocational graduate
 * applies on the provincial portal, not to the school through this app; the higher-education
 * certificate is issued by the school (002:19, 001:4(7)).
 */
export function certificateChannel(level: 'k12' | 'vocational' | 'higher'): 'school' | 'provincialPortal' {
  return level === 'vocational' ? 'provincialPortal' : 'school'
}

export const PROVINCIAL_PORTAL = { name: '河南政务服务网', address: 'https://www.hnzwfw.gov.cn/', citation: '003:19' } as const

// 002:18: "学历证书发证日期应与学生毕业日期一致，发证日期即是学历注册提供网上查询的有效日期。"

/** Why a diploma registration cannot be loaded as it stands, or null when its dates agree (002:18). */
export function issueDateProblem(diploma: { issuedOn: string }, graduatedOn: string | undefined): string | null {
  if (!graduatedOn)
    return '学历注册没有对应的毕业记录，无法核对发证日期（002:18）'
  if (diploma.issuedOn !== graduatedOn)
    return `发证日期 ${diploma.issuedOn} 与毕业日期 ${graduatedOn} 不一致（002:18：学历证书发证日期应与学生毕业日期一致）`
  return null
}

import type { BuiltInRoleCode } from "@/lib/domain/roles";
import type { DEPARTMENT_KINDS } from "../schema/org";

type Kind = (typeof DEPARTMENT_KINDS)[number];

export interface SeedDepartment {
  name: string;
  shortName: string;
  kind: Kind;
  isGroup?: boolean;
  parent?: string;
  children?: SeedDepartment[];
}

/** 渝中区: the 督查室, 信息中心, and responsible units grouped as 区级部门 / 街道 / 国有企业. */
export const DEMO_DEPARTMENTS: SeedDepartment[] = [
  { name: "区政府督查室", shortName: "督查室", kind: "office" },
  { name: "区大数据发展中心（信息中心）", shortName: "信息中心", kind: "other" },
  {
    name: "区级部门",
    shortName: "区级部门",
    kind: "district_department",
    isGroup: true,
    children: [
      ["区发展改革委", "发改委"],
      ["区教委", "教委"],
      ["区科技局", "科技局"],
      ["区公安分局", "公安分局"],
      ["区民政局", "民政局"],
      ["区司法局", "司法局"],
      ["区财政局", "财政局"],
      ["区人力社保局", "人社局"],
      ["区规划自然资源局", "规资局"],
      ["区生态环境局", "生态环境局"],
      ["区住房城乡建委", "住建委"],
      ["区城市管理局", "城管局"],
      ["区交通局", "交通局"],
      ["区商务委", "商务委"],
      ["区文化旅游委", "文旅委"],
      ["区卫生健康委", "卫健委"],
      ["区应急管理局", "应急局"],
      ["区市场监管局", "市场监管局"],
      ["区信访办", "信访办"],
    ].map(([name, shortName]) => ({ name: name!, shortName: shortName!, kind: "district_department" as const })),
  },
  {
    name: "街道",
    shortName: "街道",
    kind: "subdistrict",
    isGroup: true,
    children: ["解放碑", "朝天门", "七星岗", "大溪沟", "上清寺", "两路口", "菜园坝", "南纪门", "石油路", "大坪", "化龙桥"].map(
      (name) => ({ name: `${name}街道`, shortName: name, kind: "subdistrict" as const }),
    ),
  },
  {
    name: "国有企业",
    shortName: "国企",
    kind: "state_enterprise",
    isGroup: true,
    children: [
      ["渝中区城市建设发展有限公司", "渝中城建"],
      ["渝中区国有资产经营管理有限公司", "国资公司"],
      ["渝中区旅游发展集团有限公司", "旅发集团"],
    ].map(([name, shortName]) => ({ name: name!, shortName: shortName!, kind: "state_enterprise" as const })),
  },
];

export interface SeedUser {
  username: string;
  displayName: string;
  mobile: string | null;
  department: string;
  roles: BuiltInRoleCode[];
  smsRecipient?: boolean;
}

/** Demo accounts, all with the password DEMO_PASSWORD (listed in the README). */
export const DEMO_PASSWORD = "Demo@2026";

const unitUsers: Array<[prefix: string, department: string, clerk: string, leader: string]> = [
  ["jw", "区教委", "刘洋", "周晓红"],
  ["mz", "区民政局", "赵磊", "孙丽萍"],
  ["zj", "区住房城乡建委", "吴昊", "郑建平"],
  ["cg", "区城市管理局", "冯静", "蒋国庆"],
  ["jfb", "解放碑街道", "何雨", "罗志刚"],
  ["ctm", "朝天门街道", "曹雪", "彭德明"],
  ["cj", "渝中区城市建设发展有限公司", "邓超", "谢永红"],
];

export const DEMO_USERS: SeedUser[] = [
  { username: "admin", displayName: "系统管理员", mobile: "13800000000", department: "区大数据发展中心（信息中心）", roles: ["admin"] },
  // 三员分立: roles and security settings; reading and verifying 操作日志.
  { username: "secadmin", displayName: "安全管理员", mobile: "13800000090", department: "区大数据发展中心（信息中心）", roles: ["security_admin"] },
  { username: "auditor", displayName: "安全审计员", mobile: "13800000091", department: "区大数据发展中心（信息中心）", roles: ["security_auditor"] },
  { username: "dcs_jbr", displayName: "张敏", mobile: "13800000001", department: "区政府督查室", roles: ["office_clerk"], smsRecipient: true },
  { username: "dcs_jbr2", displayName: "黄晓东", mobile: "13800000002", department: "区政府督查室", roles: ["office_clerk"] },
  { username: "dcs_ld", displayName: "李建国", mobile: "13800000003", department: "区政府督查室", roles: ["office_leader"], smsRecipient: true },
  { username: "dcs_ld2", displayName: "王振华", mobile: "13800000004", department: "区政府督查室", roles: ["office_leader"] },
  { username: "qld", displayName: "陈志远", mobile: "13800000005", department: "区政府督查室", roles: ["district_leader"] },
  ...unitUsers.flatMap(([prefix, department, clerk, leader], i) => [
    {
      username: `${prefix}_jbr`,
      displayName: clerk,
      mobile: `1390000${String(i * 2 + 10).padStart(4, "0")}`,
      department,
      roles: ["unit_clerk" as const],
      smsRecipient: true,
    },
    {
      username: `${prefix}_ld`,
      displayName: leader,
      mobile: `1390000${String(i * 2 + 11).padStart(4, "0")}`,
      department,
      roles: ["unit_leader" as const],
      smsRecipient: true,
    },
  ]),
  { username: "jw_jbr2", displayName: "田甜", mobile: "13900000040", department: "区教委", roles: ["unit_clerk"] },
  // Marked 短信接收人 without a mobile number on purpose (an account carried over from the old system):
  // 单位用户信息 flags her 无法接收短信 and 交办 lists her SMS as unreachable.
  { username: "ctm_jbr2", displayName: "马文静", mobile: null, department: "朝天门街道", roles: ["unit_clerk"], smsRecipient: true },
];
